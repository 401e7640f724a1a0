using System.Text.Json.Nodes;
using McpGateway.Core.Storage;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Http;

/// <summary>
/// A request that failed because the store is down or restarting (a transient database error, e.g. PostgreSQL
/// unreachable) is answered 503 with <c>Retry-After</c> and JSON-RPC -32603 "Store unavailable", never 500; on a
/// stream (legacy SSE), where there is no status to set, with the same JSON-RPC error.
/// </summary>
internal static class StoreOutage
{
    public const string Message = "Store unavailable, retry later";

    public const int Code = JsonRpcErrors.InternalError;

    /// <summary>The <c>Retry-After</c> (seconds) of a store outage's answer.</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>Whether <paramref name="exception"/> is a transient store failure.</summary>
    public static bool Is(Exception exception) => StoreFailures.IsTransient(exception);

    public static Task WriteAsync(HttpContext context, JsonNode? id)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, id, Code, Message);
    }

    /// <summary>The JSON-RPC error message answering request <paramref name="id"/> on a stream.</summary>
    public static JsonObject ErrorMessage(JsonNode? id) => JsonRpcWriter.ErrorMessage(id, Code, Message, null);
}
