using McpGateway.Tools.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace McpGateway.Tools.Hosting;

/// <summary>Registration and endpoint mapping of the MCP HTTP transports (our replacement for <c>MapMcp</c>).</summary>
public static class McpHttpEndpointExtensions
{
    private static readonly byte[] HealthBody = """{"status":"ok"}"""u8.ToArray();

    /// <summary>
    /// Registers the Streamable HTTP and legacy SSE handlers, the session store and its idle sweeper.
    /// Call together with <c>AddMcpServer()</c>.
    /// </summary>
    public static IServiceCollection AddMcpHttpTransports(this IServiceCollection services, Action<McpHttpTransportOptions>? configure = null)
    {
        var options = services.AddOptions<McpHttpTransportOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<StreamableHttpSessionStore>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamableHttpSessionStore>());
        services.TryAddSingleton<StreamableHttpHandler>();
        services.TryAddSingleton<SseHandler>();
        return services;
    }

    /// <summary>Binds <see cref="McpHttpTransportOptions"/> from the <c>ToolServer</c> configuration section.</summary>
    public static IServiceCollection BindMcpHttpTransportOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<McpHttpTransportOptions>().Bind(configuration.GetSection(McpHttpTransportOptions.ConfigurationSection));
        return services;
    }

    /// <summary>Maps <c>POST/GET/DELETE {pattern}</c> to the Streamable HTTP transport (all revisions 2025-03-26 … 2026-07-28).</summary>
    public static IEndpointConventionBuilder MapMcpStreamableHttp(this IEndpointRouteBuilder endpoints, string pattern = "/mcp")
    {
        var handler = endpoints.ServiceProvider.GetService<StreamableHttpHandler>()
            ?? throw new InvalidOperationException($"Call services.{nameof(AddMcpHttpTransports)}() before mapping MCP endpoints.");

        var group = endpoints.MapGroup(pattern);
        group.MapPost("", handler.HandlePostAsync);
        group.MapGet("", handler.HandleGetAsync);
        group.MapDelete("", handler.HandleDeleteAsync);
        return group;
    }

    /// <summary>
    /// Maps the legacy 2024-11-05 HTTP+SSE transport: <c>GET {ssePattern}</c> opens the stream,
    /// <c>POST {messagesPattern}?sessionId=…</c> delivers messages.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpSse(this IEndpointRouteBuilder endpoints, string ssePattern = "/sse", string messagesPattern = "/messages")
    {
        var handler = endpoints.ServiceProvider.GetService<SseHandler>()
            ?? throw new InvalidOperationException($"Call services.{nameof(AddMcpHttpTransports)}() before mapping MCP endpoints.");

        var messagesPath = new PathString(messagesPattern);
        var group = endpoints.MapGroup("");
        group.MapGet(ssePattern, context => handler.HandleStreamAsync(context, messagesPath));
        group.MapPost(messagesPattern, handler.HandleMessageAsync);
        return group;
    }

    /// <summary>Maps <c>GET {pattern}</c> returning 200 <c>{"status":"ok"}</c>.</summary>
    public static IEndpointConventionBuilder MapMcpHealth(this IEndpointRouteBuilder endpoints, string pattern = "/health") =>
        endpoints.MapGet(pattern, static context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = HealthBody.Length;
            return context.Response.Body.WriteAsync(HealthBody, context.RequestAborted).AsTask();
        });

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
