using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Rest;

/// <summary>The REST error body <c>{"error": {"code", "kind", "message", "data"}}</c> with the HTTP status of its kind (and <c>Retry-After</c> when it has one).</summary>
internal static class RestErrors
{
    /// <summary>Writes <paramref name="error"/> with the status of its kind, or <paramref name="status"/> when given.</summary>
    public static Task WriteAsync(HttpContext http, GatewayError error, int? status = null)
    {
        Http.RetryHeaders.Apply(http.Response, error);
        return JsonRpcWriter.WriteJsonAsync(http, status ?? JsonRpcErrors.HttpStatus(error.Kind), new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = JsonRpcErrors.Code(error),
                ["kind"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Kind.ToString()),
                ["message"] = error.Message,
                ["data"] = error.Data?.DeepClone(),
            },
        });
    }
}
