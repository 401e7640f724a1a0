using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Upstreams.Relay;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// A backend session of one client session (stateful backends only, for clients that declared a capability the
/// gateway relays): it tells the backend that client's capabilities, and whatever the backend asks or logs on it goes
/// to that client: on the stream of the call in flight (the latest one when several are); a request outside any call
/// goes through the last call's client, a log message outside any call to <paramref name="logOutsideCall"/>.
/// </summary>
internal sealed class SessionBackendClient(ProgressRelay progress, Action<JsonObject> logOutsideCall) : IRelayTarget
{
    private readonly CallsInFlight _inFlight = new();
    private ClientLink? _last;

    public McpClient Client { get; set; } = null!;

    public ClientLink? ServerRequestClient => _inFlight.Snapshot() is { Count: > 0, Latest: var latest } ? latest : _last;

    /// <summary>Marks a call of the client in flight on this session until disposed.</summary>
    public CallsInFlight.Registration Enter(ClientLink client)
    {
        _last = client;
        return _inFlight.Enter(client);
    }

    public ValueTask OnProgressAsync(JsonRpcNotification notification) => progress.OnProgressAsync(notification, CancellationToken.None);

    public ValueTask OnLogAsync(JsonRpcNotification notification)
    {
        if (notification.Params is not JsonObject parameters)
        {
            return ValueTask.CompletedTask;
        }

        if (_inFlight.Snapshot() is { Count: > 0, Latest: var latest })
        {
            return latest?.Notify is { } notify ? notify(notification.Method, (JsonObject)parameters.DeepClone()) : ValueTask.CompletedTask;
        }

        logOutsideCall((JsonObject)parameters.DeepClone());
        return ValueTask.CompletedTask;
    }
}
