using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// JSON-RPC batches, which revision 2025-03-26 allows (later revisions removed them): every message of the array is
/// served, the answers to its requests come back as one array (202 when it held only notifications and responses).
/// </summary>
internal sealed class McpBatchHandler(McpRequestRouter router, SessionManager sessions, ClientLinks links, ClientRequests clientRequests)
{
    public async Task HandleAsync(HttpContext http, JsonArray batch, CallerIdentity caller, string? scope)
    {
        var sessionId = http.Request.Headers[McpHeaders.SessionId].ToString();
        var session = sessionId.Length == 0 ? null : await sessions.FindAsync(sessionId, caller, scope, http.RequestAborted);
        if (session is null || session.ProtocolVersion != McpRevisions.V2025_03_26 || batch.Count == 0)
        {
            await JsonRpcWriter.WriteErrorAsync(http, session is null && sessionId.Length > 0 ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, null,
                session is null && sessionId.Length > 0 ? JsonRpcErrors.SessionNotFound : -32600,
                session is null && sessionId.Length > 0 ? "Session not found" : "Invalid request: JSON-RPC batches are only accepted, non-empty, on sessions of revision 2025-03-26");
            return;
        }

        http.Response.Headers[McpHeaders.SessionId] = session.Id;
        var answers = await Task.WhenAll(batch.Select(element => AnswerAsync(http, element, caller, scope, session)));
        var responses = new JsonArray([.. answers.OfType<JsonObject>()]);
        if (responses.Count == 0)
        {
            http.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, responses);
    }

    private async Task<JsonObject?> AnswerAsync(HttpContext http, JsonNode? element, CallerIdentity caller, string? scope, Core.Sessions.SessionRecord session)
    {
        JsonRpcMessage message;
        try
        {
            message = JsonRpcMessage.FromNode(element);
        }
        catch (GatewayException exception)
        {
            return JsonRpcWriter.ErrorMessage(null, JsonRpcErrors.Code(exception.Error), exception.Error.Message, null);
        }

        var exchange = new McpExchange(http, message, caller, scope, session.ProtocolVersion, session, http.GetRequestId(), http.GetCorrelationId());
        if (message.IsNotification)
        {
            await router.HandleNotificationAsync(exchange);
            return null;
        }

        if (!message.IsRequest)
        {
            clientRequests.Complete(session.Id, message);
            return null;
        }

        if (message.Method == "initialize")
        {
            return JsonRpcWriter.ErrorMessage(message.Id, -32600, "Invalid request: initialize cannot be part of a batch", null);
        }

        try
        {
            var result = await router.HandleAsync(exchange with { Client = links.ForBatch(exchange) });
            return result.IsSuccess
                ? new JsonObject { ["jsonrpc"] = "2.0", ["id"] = message.Id?.DeepClone(), ["result"] = result.Result }
                : JsonRpcWriter.ErrorMessage(message.Id, JsonRpcErrors.Code(result.Error!, session.ProtocolVersion), result.Error!.Message, result.Error.Data);
        }
        catch (GatewayException exception)
        {
            return JsonRpcWriter.ErrorMessage(message.Id, JsonRpcErrors.Code(exception.Error), exception.Error.Message, exception.Error.Data);
        }
    }
}
