using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpGateway.Tools.Hosting;

/// <summary>The endpoints a demo server adds around the SDK's <c>MapMcp</c>: health, the shared-secret check, the legacy SSE alias.</summary>
public static class McpHttpEndpointExtensions
{
    private static readonly byte[] HealthBody = """{"status":"ok"}"""u8.ToArray();

    /// <summary>Maps <c>GET {pattern}</c> returning 200 <c>{"status":"ok"}</c>.</summary>
    public static IEndpointConventionBuilder MapMcpHealth(this IEndpointRouteBuilder endpoints, string pattern = "/health") =>
        endpoints.MapGet(pattern, static context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = HealthBody.Length;
            return context.Response.Body.WriteAsync(HealthBody, context.RequestAborted).AsTask();
        });

    /// <summary>
    /// Serves <c>GET {alias}</c> as the SDK's legacy SSE endpoint <c>{mcpPattern}/sse</c> (the path 2024-11-05 clients
    /// are configured with). The stream announces the SDK's message URL (<c>{mcpPattern}/message?sessionId=…</c>).
    /// Must run before routing.
    /// </summary>
    public static IApplicationBuilder UseLegacySseAlias(this IApplicationBuilder app, string alias, string mcpPattern)
    {
        var from = new PathString(alias);
        var to = new PathString(mcpPattern.TrimEnd('/') + "/sse");
        return app.Use((context, next) =>
        {
            if (context.Request.Path.Equals(from, StringComparison.OrdinalIgnoreCase))
            {
                context.Request.Path = to;
            }

            return next(context);
        });
    }

    /// <summary>
    /// Requires the shared secret in <paramref name="headerName"/> on every request except <paramref name="exemptPaths"/>.
    /// Does nothing when <paramref name="secret"/> is null or empty.
    /// </summary>
    public static IApplicationBuilder UseGatewaySharedSecret(this IApplicationBuilder app, string? secret,
        string headerName = GatewaySharedSecretMiddleware.DefaultHeaderName, params string[] exemptPaths)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return app;
        }

        var exempt = Array.ConvertAll(exemptPaths, p => new PathString(p));
        return app.UseMiddleware<GatewaySharedSecretMiddleware>(secret, headerName, exempt);
    }
}
