using System.Text.Json.Nodes;
using McpGateway.Edge.Mcp;
using McpGateway.Grains.Sessions;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// This node as its session grains reach it (one observer per node): sends a notification on a stream held here,
/// serves a client message for a legacy SSE session whose stream is here, completes a request to a client that waits
/// here with the client's answer, cancels a request served here, drops its copy of a session that changed, closes the
/// streams of a session that ended elsewhere and ends what this node held for it. The handlers are resolved when first
/// needed (they use the session port too).
/// </summary>
internal sealed partial class NodeSessionObserver(IServiceProvider services, ILogger<NodeSessionObserver> logger) : ISessionObserver
{
    public Task<bool> DeliverAsync(string sessionId, SessionMessage message) => Task.FromResult(Deliver(sessionId, message));

    public Task<string?> ResumeHeldAsync(string token, string retry) => services.GetRequiredService<OrleansHeldCalls>().ResumeHereAsync(token, retry);

    private bool Deliver(string sessionId, SessionMessage message)
    {
        try
        {
            switch (message.Kind)
            {
                case SessionMessageKind.StreamNotification:
                    return Read(message.Body) is { } body && body["method"]?.GetValue<string>() is { } method && body["params"] is JsonObject parameters
                        && services.GetRequiredService<SessionStreams>().TryNotify(sessionId, method, parameters);
                case SessionMessageKind.ClientMessage:
                    return RemoteClientMessage.FromJson(Read(message.Body)) is { } remote
                        && services.GetRequiredService<LegacySseHandler>().ServeRemote(sessionId, remote);
                case SessionMessageKind.ClientAnswer:
                    return Read(message.Body) is { } response
                        && services.GetRequiredService<ClientRequests>().Complete(sessionId, JsonRpcMessage.FromNode(response));
                case SessionMessageKind.Cancel:
                    return services.GetRequiredService<InFlightRequests>().Cancel(message.Key);
                case SessionMessageKind.SessionChanged:
                    services.GetRequiredService<SessionManager>().Changed(sessionId);
                    return true;
                case SessionMessageKind.SessionEnded:
                    services.GetRequiredService<SessionStreams>().Close([sessionId]);

                    // Closing its backend sessions may take a while: the grain does not wait for it.
                    _ = EndAsync(sessionId);
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or Core.Protocol.GatewayException)
        {
            // This node still holds what it held: the message is dropped, the registration stays.
            LogUnreadable(exception, message.Kind.ToString());
            return true;
        }
    }

    /// <summary>
    /// A message's JSON body. A client's message is as deep as the edge accepts (<see cref="Core.Protocol.StrictJson.MaxDepth"/>)
    /// and travels two levels below the body's root (<c>message.params</c>), so the body may be that much deeper.
    /// </summary>
    internal static JsonObject? Read(string body) =>
        JsonNode.Parse(body, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = Core.Protocol.StrictJson.MaxDepth + 2 }) as JsonObject;

    private async Task EndAsync(string sessionId)
    {
        try
        {
            await services.GetRequiredService<SessionEndings>().EndedAsync(sessionId);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogEndFailed(exception);
        }
    }

    [LoggerMessage(EventId = 8114, Level = LogLevel.Warning, Message = "Session grain: ending a session that ended on another node failed here")]
    private partial void LogEndFailed(Exception exception);

    [LoggerMessage(EventId = 8110, Level = LogLevel.Warning, Message = "Session grain: a {Kind} message from another node could not be read here")]
    private partial void LogUnreadable(Exception exception, string kind);
}
