using System.Text.Json.Nodes;
using McpGateway.Edge.Mcp;
using McpGateway.Grains.Sessions;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// This node as its session grains reach it (one observer per node): sends a notification on a stream held here,
/// serves a client message for a legacy SSE session whose stream is here, completes a request to a client that waits
/// here with the client's answer, cancels a request served here, closes the streams of a session that ended elsewhere
/// and ends what this node held for it. The handlers are resolved when first needed (they use the session port too).
/// </summary>
internal sealed partial class NodeSessionObserver(IServiceProvider services, ILogger<NodeSessionObserver> logger) : ISessionObserver
{
    public async Task<bool> DeliverAsync(string sessionId, SessionMessage message)
    {
        try
        {
            switch (message.Kind)
            {
                case SessionMessageKind.StreamNotification:
                    return JsonNode.Parse(message.Body) is JsonObject body && body["method"]?.GetValue<string>() is { } method && body["params"] is JsonObject parameters
                        && services.GetRequiredService<SessionStreams>().TryNotify(sessionId, method, parameters);
                case SessionMessageKind.ClientMessage:
                    return RemoteClientMessage.FromJson(JsonNode.Parse(message.Body) as JsonObject) is { } remote
                        && services.GetRequiredService<LegacySseHandler>().ServeRemote(sessionId, remote);
                case SessionMessageKind.ClientAnswer:
                    return JsonNode.Parse(message.Body) is JsonObject response
                        && services.GetRequiredService<ClientRequests>().Complete(sessionId, JsonRpcMessage.FromNode(response));
                case SessionMessageKind.Cancel:
                    return services.GetRequiredService<InFlightRequests>().Cancel(message.Key);
                case SessionMessageKind.SessionEnded:
                    services.GetRequiredService<SessionStreams>().Close([sessionId]);
                    await services.GetRequiredService<SessionEndings>().EndedAsync(sessionId);
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or Core.Protocol.GatewayException)
        {
            LogUnreadable(exception, message.Kind.ToString());
            return false;
        }
    }

    [LoggerMessage(EventId = 8110, Level = LogLevel.Warning, Message = "Session grain: a {Kind} message from another node could not be read here")]
    private partial void LogUnreadable(Exception exception, string kind);
}
