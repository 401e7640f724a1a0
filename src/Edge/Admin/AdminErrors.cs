using System.Text.Json.Nodes;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Admin;

/// <summary>The admin API's own refusals: <c>{"error": {"code", "kind", "message"}}</c> with the HTTP status.</summary>
internal static class AdminErrors
{
    public static Task WriteAsync(HttpContext http, int status, string message, string? kind = null) =>
        JsonRpcWriter.WriteJsonAsync(http, status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["kind"] = kind ?? (status switch
                {
                    StatusCodes.Status404NotFound => "not_found",
                    StatusCodes.Status409Conflict => "conflict",
                    _ => "invalid_params",
                }),
                ["message"] = message,
            },
        });
}
