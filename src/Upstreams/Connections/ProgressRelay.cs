using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// Progress over a shared backend session: callers choose their own progress tokens, which may collide, so each call's
/// token is replaced by a gateway-unique one on the way out and restored on every <c>notifications/progress</c> that
/// comes back, which then goes to that call's caller alone.
/// </summary>
internal sealed class ProgressRelay
{
    private readonly ConcurrentDictionary<string, (JsonNode Token, CallNotifier Notify)> _calls = new(StringComparer.Ordinal);

    /// <summary>Rewrites the call's progress token when it has one and its caller can be notified; dispose when the call ends.</summary>
    public Registration Track(JsonObject parameters, CallNotifier? notify)
    {
        if (notify is null || parameters["_meta"] is not JsonObject meta || meta["progressToken"] is not { } token)
        {
            return default;
        }

        var gatewayToken = "mcpgw-" + Guid.NewGuid().ToString("N");
        _calls[gatewayToken] = (token.DeepClone(), notify);
        meta["progressToken"] = gatewayToken;
        return new Registration(this, gatewayToken);
    }

    public ValueTask OnProgressAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Params is JsonObject parameters
            && parameters["progressToken"] is JsonValue token && token.TryGetValue<string>(out var key)
            && _calls.TryGetValue(key, out var call))
        {
            var relayed = (JsonObject)parameters.DeepClone();
            relayed["progressToken"] = call.Token.DeepClone();
            return call.Notify(NotificationMethods.ProgressNotification, relayed);
        }

        return ValueTask.CompletedTask;
    }

    internal readonly struct Registration(ProgressRelay? relay, string? key) : IDisposable
    {
        public void Dispose()
        {
            if (relay is not null && key is not null)
            {
                relay._calls.TryRemove(key, out _);
            }
        }
    }
}
