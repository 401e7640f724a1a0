using System.Collections.Concurrent;

namespace McpGateway.Edge.Mcp;

/// <summary>Requests being served on this node, so that <c>notifications/cancelled</c> can stop them.</summary>
internal sealed class InFlightRequests
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _requests = new(StringComparer.Ordinal);

    /// <summary>Tracks a request until the returned handle is disposed; its token ends when the caller goes away or cancels.</summary>
    public Registration Register(string key, CancellationToken requestAborted)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _requests[key] = source;
        return new Registration(this, key, source);
    }

    public bool Cancel(string key)
    {
        if (_requests.TryGetValue(key, out var source))
        {
            try
            {
                source.Cancel();
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        return false;
    }

    public int Count => _requests.Count;

    internal readonly struct Registration(InFlightRequests owner, string key, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner._requests.TryRemove(new KeyValuePair<string, CancellationTokenSource>(key, source));
            source.Dispose();
        }
    }
}
