using McpGateway.Core.Configuration;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Maps <c>/mcp</c> (every scope), <c>/{scope}/mcp</c> (one scope of <c>tools.yaml</c>), and the legacy HTTP+SSE
/// transport at <c>/sse</c> + <c>/messages</c> and <c>/{scope}/sse</c> + <c>/{scope}/messages</c>.
/// </summary>
internal static class McpEndpoints
{
    public static void MapMcpEndpoints(this IEndpointRouteBuilder endpoints, ToolsConfig tools)
    {
        var scopes = tools.Backends.Select(b => b.Scope).ToHashSet(StringComparer.Ordinal);

        endpoints.MapPost("/mcp", (HttpContext http, McpPostHandler handler) => handler.HandleAsync(http, null));
        endpoints.MapPost("/mcp/invoke", (HttpContext http, Rest.InvokeEndpoint invoke) => invoke.HandleAsync(http));
        endpoints.MapGet("/mcp", (HttpContext http, McpStreamHandler handler) => handler.HandleGetAsync(http, null));
        endpoints.MapDelete("/mcp", (HttpContext http, McpStreamHandler handler) => handler.HandleDeleteAsync(http, null));

        endpoints.MapGet("/sse", (HttpContext http, LegacySseHandler handler) => handler.HandleStreamAsync(http, null));
        endpoints.MapPost("/messages", (HttpContext http, LegacySseHandler handler) => handler.HandleMessageAsync(http, null));
        endpoints.MapGet("/{scope}/sse", (HttpContext http, string scope, LegacySseHandler handler) =>
            scopes.Contains(scope) ? handler.HandleStreamAsync(http, scope) : UnknownScopeAsync(http, scope));
        endpoints.MapPost("/{scope}/messages", (HttpContext http, string scope, LegacySseHandler handler) =>
            scopes.Contains(scope) ? handler.HandleMessageAsync(http, scope) : UnknownScopeAsync(http, scope));

        endpoints.MapPost("/{scope}/mcp", (HttpContext http, string scope, McpPostHandler handler) =>
            scopes.Contains(scope) ? handler.HandleAsync(http, scope) : UnknownScopeAsync(http, scope));
        endpoints.MapGet("/{scope}/mcp", (HttpContext http, string scope, McpStreamHandler handler) =>
            scopes.Contains(scope) ? handler.HandleGetAsync(http, scope) : UnknownScopeAsync(http, scope));
        endpoints.MapDelete("/{scope}/mcp", (HttpContext http, string scope, McpStreamHandler handler) =>
            scopes.Contains(scope) ? handler.HandleDeleteAsync(http, scope) : UnknownScopeAsync(http, scope));
    }

    private static Task UnknownScopeAsync(HttpContext http, string scope) =>
        JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status404NotFound, null, -32600, $"Not Found: no scope '{scope}' is configured");
}
