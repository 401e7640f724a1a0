using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Builds the <see cref="ClientLink"/> of a call: notifications about it go to its answer; requests a backend makes
/// while serving it go on the call's answer stream while it runs, else on the session's stream (session revisions
/// only); the capabilities are the ones the client declared.
/// </summary>
internal sealed class ClientLinks(ClientRequests requests, SessionStreams streams)
{
    /// <summary>A call posted on Streamable HTTP, answered by <paramref name="answer"/>.</summary>
    public ClientLink ForPost(McpExchange exchange, McpAnswer answer)
    {
        var session = exchange.Session;
        return new ClientLink
        {
            Notify = answer.NotifyAsync,
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
            TakesInputRequired = McpRevisions.IsStateless(exchange.ProtocolVersion),
        };
    }

    /// <summary>A call whose answers all travel on one stream (legacy HTTP+SSE sessions).</summary>
    public ClientLink ForStream(McpExchange exchange, SseStream stream) => new()
    {
        Notify = (method, parameters) => new ValueTask(stream.WriteMessageAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters })),
        Ask = (method, parameters, cancellationToken) => requests.AskAsync(exchange.Session!.Id, stream.WriteMessageAsync, method, parameters, cancellationToken),
        Capabilities = exchange.Session?.ClientCapabilities,
        SessionId = exchange.Session?.Id,
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
    };

    private void SendOnSessionStream(string sessionId, JsonObject message)
    {
        if (!streams.TrySend(sessionId, message))
        {
            throw new GatewayException(new GatewayError(
                GatewayErrorKind.BackendError, "The backend asked the client something, but the client has no open stream to receive it", null, -32603));
        }
    }

    private static JsonObject? MetaCapabilities(JsonRpcMessage message) => message.Meta?["io.modelcontextprotocol/clientCapabilities"] as JsonObject;
}
