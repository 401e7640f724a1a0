using System.Data.Common;
using System.Text.Json.Nodes;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Http;

/// <summary>
/// A request that failed because the store is down or restarting (a transient database error, e.g. PostgreSQL
/// unreachable) is answered 503 with <c>Retry-After</c> and JSON-RPC -32603 "Store unavailable", never 500.
/// </summary>
internal static class StoreOutage
{
    public const string Message = "Store unavailable, retry later";

    /// <summary>Whether <paramref name="exception"/> is a transient store failure.</summary>
    public static bool Is(Exception exception) => exception is DbException { IsTransient: true };

    public static Task WriteAsync(HttpContext context, JsonNode? id)
    {
        context.Response.Headers.RetryAfter = "5";
        return JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, id, -32603, Message);
    }
}
