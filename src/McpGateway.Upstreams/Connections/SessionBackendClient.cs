using McpGateway.Core.Pipeline;
using McpGateway.Upstreams.Relay;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// A backend session of one client session (stateful backends only, for clients that declared a capability the
/// gateway relays): it tells the backend that client's capabilities, and whatever the backend asks or logs on it goes
/// to that client: on the stream of the call in flight (the latest one when several are), else of the last call.
/// </summary>
internal sealed class SessionBackendClient(ProgressRelay progress) : IRelayTarget
{
    private readonly List<ClientLink> _inFlight = [];
    private ClientLink? _last;

    public McpClient Client { get; set; } = null!;

    public ClientLink? ServerRequestClient
    {
        get
        {
            lock (_inFlight)
            {
                return _inFlight.Count > 0 ? _inFlight[^1] : _last;
            }
        }
    }

    /// <summary>Marks a call of the client in flight on this session until disposed.</summary>
    public InFlight Enter(ClientLink client)
    {
        lock (_inFlight)
        {
            _inFlight.Add(client);
            _last = client;
        }

        return new InFlight(this, client);
    }

    public ValueTask OnProgressAsync(JsonRpcNotification notification) => progress.OnProgressAsync(notification, CancellationToken.None);

    public ValueTask OnLogAsync(JsonRpcNotification notification) =>
        ServerRequestClient?.Notify is { } notify && notification.Params is System.Text.Json.Nodes.JsonObject parameters
            ? notify(notification.Method, (System.Text.Json.Nodes.JsonObject)parameters.DeepClone())
            : ValueTask.CompletedTask;

    internal readonly struct InFlight(SessionBackendClient owner, ClientLink client) : IDisposable
    {
        public void Dispose()
        {
            if (owner is null)
            {
                return;
            }

            lock (owner._inFlight)
            {
                owner._inFlight.Remove(client);
            }
        }
    }
}
