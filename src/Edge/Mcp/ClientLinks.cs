using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Builds the <see cref="ClientLink"/> of a call: notifications about it go to its answer; requests a backend makes
/// while serving it go on the call's answer stream while it runs, else on the session's stream (session revisions
/// only); the capabilities are the ones the client declared. Log messages reach the client only at or above the level
/// it asked for: its session's current level (every level until it sets one), or under 2026-07-28 the request's
/// <c>_meta/io.modelcontextprotocol/logLevel</c> (none without it).
/// </summary>
internal sealed class ClientLinks(ClientRequests requests, SessionStreams streams, SessionManager sessions)
{
    /// <summary>A call posted on Streamable HTTP, answered by <paramref name="answer"/>.</summary>
    public ClientLink ForPost(McpExchange exchange, McpAnswer answer)
    {
        var session = exchange.Session;
        var metaLevel = session is null ? MetaLogLevel(exchange.Message) : null;
        return new ClientLink
        {
            Notify = Filtered(answer.NotifyAsync, session is null ? () => metaLevel : () => sessions.LogLevelOf(session.Id)),
            Ask = session is null ? null : (method, parameters, cancellationToken) => requests.AskAsync(
                session.Id,
                async message =>
                {
                    if (!await answer.TrySendAsync(message))
                    {
                        SendOnSessionStream(session.Id, message);
                    }
                },
                method,
                parameters,
                cancellationToken),
            Capabilities = session is null ? MetaCapabilities(exchange.Message) : session.ClientCapabilities,
            SessionId = session?.Id,
            UserId = exchange.Caller.UserId,
            LogLevel = session is null ? metaLevel : sessions.LogLevelOf(session.Id),
            TakesInputRequired = McpRevisions.IsStateless(exchange.ProtocolVersion),
        };
    }

    /// <summary>A call whose answers all travel on one stream (legacy HTTP+SSE sessions).</summary>
    public ClientLink ForStream(McpExchange exchange, SseStream stream) => new()
    {
        Notify = Filtered(
            (method, parameters) => new ValueTask(stream.WriteMessageAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters })),
            () => sessions.LogLevelOf(exchange.Session!.Id)),
        Ask = (method, parameters, cancellationToken) => requests.AskAsync(exchange.Session!.Id, stream.WriteMessageAsync, method, parameters, cancellationToken),
        Capabilities = exchange.Session?.ClientCapabilities,
        SessionId = exchange.Session?.Id,
        UserId = exchange.Caller.UserId,
        LogLevel = sessions.LogLevelOf(exchange.Session!.Id),
    };

    /// <summary>A call inside a batch: nothing streams back with its answer, requests go on the session's stream.</summary>
    public ClientLink ForBatch(McpExchange exchange) => new()
    {
        Ask = (method, parameters, cancellationToken) => requests.AskAsync(
            exchange.Session!.Id,
            message =>
            {
                SendOnSessionStream(exchange.Session.Id, message);
                return Task.CompletedTask;
            },
            method,
            parameters,
            cancellationToken),
        Capabilities = exchange.Session?.ClientCapabilities,
        SessionId = exchange.Session?.Id,
        UserId = exchange.Caller.UserId,
    };

    /// <summary>Passes on log messages at or above the client's level (read when each arrives), anything else as it is.</summary>
    private static CallNotifier Filtered(CallNotifier notify, Func<string?> level) => (method, parameters) =>
        method != McpLogLevels.NotificationMethod || McpLogLevels.Admits(level(), parameters) ? notify(method, parameters) : ValueTask.CompletedTask;

    private static string? MetaLogLevel(JsonRpcMessage message) =>
        message.Meta?[ModelContextProtocol.Protocol.MetaKeys.LogLevel] is JsonValue value && value.TryGetValue<string>(out var level) && McpLogLevels.IsKnown(level)
            ? level
            : null;

    private void SendOnSessionStream(string sessionId, JsonObject message)
    {
        if (!streams.TrySend(sessionId, message))
        {
            throw new GatewayException(new GatewayError(
                GatewayErrorKind.BackendError, "The backend asked the client something, but the client has no open stream to receive it", null, JsonRpcErrors.InternalError));
        }
    }

    private static JsonObject? MetaCapabilities(JsonRpcMessage message) => message.Meta?["io.modelcontextprotocol/clientCapabilities"] as JsonObject;
}
