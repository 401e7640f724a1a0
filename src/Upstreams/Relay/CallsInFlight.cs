using McpGateway.Core.Pipeline;

namespace McpGateway.Upstreams.Relay;

/// <summary>The calls in flight on one backend session, with the client of each (null: a caller that cannot be reached).</summary>
internal sealed class CallsInFlight
{
    private readonly List<ClientLink?> _calls = [];

    /// <summary>Counts a call in flight until the returned handle is disposed.</summary>
    public Registration Enter(ClientLink? client)
    {
        lock (_calls)
        {
            _calls.Add(client);
        }

        return new Registration(this, client);
    }

    /// <summary>How many calls are in flight, and the client of the latest one.</summary>
    public (int Count, ClientLink? Latest) Snapshot()
    {
        lock (_calls)
        {
            return (_calls.Count, _calls.Count > 0 ? _calls[^1] : null);
        }
    }

    internal readonly struct Registration(CallsInFlight? owner, ClientLink? client) : IDisposable
    {
        public void Dispose()
        {
            if (owner is null)
            {
                return;
            }

            lock (owner._calls)
            {
                owner._calls.Remove(client);
            }
        }
    }
}
