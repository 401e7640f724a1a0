using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Relay;

/// <summary>
/// A backend's request to the client (<c>sampling/createMessage</c>, <c>elicitation/create</c>, <c>roots/list</c>)
/// relayed to the calling client, whose answer (result or error) goes back to the backend unchanged. A client that did
/// not declare the capability, or cannot be reached (a job's caller), never sees the request: the backend gets a
/// JSON-RPC error (-32601) saying why.
/// </summary>
internal static class ServerRequestRelay
{
    public const int MethodNotFound = -32601;

    public static bool Handles(string method) => RelayedClientCapabilities.ByMethod.ContainsKey(method);

    public static async Task<JsonRpcMessage> AnswerAsync(JsonRpcRequest request, ClientLink? client, CancellationToken cancellationToken)
    {
        if (client?.CannotAsk is { } reason)
        {
            return Error(request.Id, MethodNotFound, $"Method not found: {reason}", null);
        }

        if (client?.Ask is not { } ask || !RelayedClientCapabilities.Allows(client.Capabilities, request.Method))
        {
            var capability = RelayedClientCapabilities.ByMethod[request.Method];
            return Error(request.Id, MethodNotFound, $"Method not found: the client did not declare the '{capability}' capability (or cannot receive requests now)", null);
        }

        try
        {
            var parameters = request.Params?.DeepClone() as JsonObject ?? [];
            var result = await ask(request.Method, parameters, cancellationToken);
            return new JsonRpcResponse { Id = request.Id, Result = result };
        }
        catch (GatewayException exception)
        {
            return Error(request.Id, exception.Error.Code ?? -32603, exception.Error.Message, exception.Error.Data?.DeepClone());
        }
        catch (OperationCanceledException)
        {
            return Error(request.Id, -32603, "The call this request belongs to ended", null);
        }
    }

    private static JsonRpcError Error(RequestId id, int code, string message, JsonNode? data) => new()
    {
        Id = id,
        Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data },
    };
}
