using McpGateway.Core.Configuration;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Maps <c>/mcp</c> (every scope), <c>/{scope}/mcp</c> (one scope of <c>tools.yaml</c>), and the legacy HTTP+SSE
/// transport at <c>/sse</c> + <c>/messages</c> and <c>/{scope}/sse</c> + <c>/{scope}/messages</c>. The scopes are those of
/// the <c>tools.yaml</c> in force: a scope added by a reload is served at once, a removed one answers 404.
/// </summary>
internal static class McpEndpoints
{
    public static void MapMcpEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/mcp", (HttpContext http, McpPostHandler handler) => handler.HandleAsync(http, null));
        endpoints.MapPost("/mcp/invoke", (HttpContext http, Rest.InvokeEndpoint invoke) => invoke.HandleAsync(http));
        endpoints.MapGet("/mcp", (HttpContext http, McpStreamHandler handler) => handler.HandleGetAsync(http, null));
        endpoints.MapDelete("/mcp", (HttpContext http, McpStreamHandler handler) => handler.HandleDeleteAsync(http, null));

        endpoints.MapGet("/sse", (HttpContext http, LegacySseHandler handler) => handler.HandleStreamAsync(http, null));
        endpoints.MapPost("/messages", (HttpContext http, LegacySseHandler handler) => handler.HandleMessageAsync(http, null));
        var scoped = endpoints.MapGroup(string.Empty).AddEndpointFilter(ScopeFilterAsync);
        scoped.MapGet("/{scope}/sse", (HttpContext http, string scope, LegacySseHandler handler) =>
            IsConfigured(http, scope) ? handler.HandleStreamAsync(http, scope) : UnknownScopeAsync(http, scope));
        scoped.MapPost("/{scope}/messages", (HttpContext http, string scope, LegacySseHandler handler) =>
            IsConfigured(http, scope) ? handler.HandleMessageAsync(http, scope) : UnknownScopeAsync(http, scope));

        scoped.MapPost("/{scope}/mcp", (HttpContext http, string scope, McpPostHandler handler) =>
            IsConfigured(http, scope) ? handler.HandleAsync(http, scope) : UnknownScopeAsync(http, scope));
        scoped.MapGet("/{scope}/mcp", (HttpContext http, string scope, McpStreamHandler handler) =>
            IsConfigured(http, scope) ? handler.HandleGetAsync(http, scope) : UnknownScopeAsync(http, scope));
        scoped.MapDelete("/{scope}/mcp", (HttpContext http, string scope, McpStreamHandler handler) =>
            IsConfigured(http, scope) ? handler.HandleDeleteAsync(http, scope) : UnknownScopeAsync(http, scope));
    }

    /// <summary>
    /// A configured scope that none of the caller's roles grants anything on is refused at the HTTP level: 403 with
    /// <c>WWW-Authenticate: Bearer … error="insufficient_scope", scope="…"</c> (see docs/errors.md).
    /// </summary>
    private static async ValueTask<object?> ScopeFilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (http.Request.RouteValues["scope"] is string scope && IsConfigured(http, scope)
            && !http.RequestServices.GetRequiredService<Core.Policy.RolePolicySource>().Current.MayUseScope(Http.HttpContextExtensions.GetCaller(http), scope))
        {
            await Identity.BearerChallenge.WriteInsufficientScopeAsync(http, scope, $"Forbidden: no role of the caller grants anything on scope '{scope}'");
            return Results.Empty;
        }

        return await next(invocation);
    }

    private static bool IsConfigured(HttpContext http, string scope) =>
        http.RequestServices.GetRequiredService<ToolsConfigSource>().Current.Scopes.Contains(scope);

    private static Task UnknownScopeAsync(HttpContext http, string scope) =>
        JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status404NotFound, null, JsonRpcErrors.InvalidRequest, $"Not Found: no scope '{scope}' is configured");
}
