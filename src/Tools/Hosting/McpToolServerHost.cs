using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tools.Hosting;

/// <summary>
/// Runs a demo MCP tool server either over stdio (<c>--stdio</c>, the SDK's stdio transport) or over HTTP (the SDK's
/// <c>MapMcp</c>: Streamable HTTP on <c>/mcp</c>, legacy HTTP+SSE on <c>/sse</c> + <c>/mcp/message</c>; <c>/health</c>).
/// </summary>
public static class McpToolServerHost
{
    /// <summary>The command-line switch selecting the stdio transport.</summary>
    public const string StdioSwitch = "--stdio";

    /// <summary>Configuration section of the HTTP session settings (e.g. <c>--ToolServer:SessionIdleTimeout 00:10:00</c>).</summary>
    public const string ConfigurationSection = "ToolServer";

    /// <summary>Picks stdio or HTTP from <paramref name="args"/>, runs until stopped and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, Action<IMcpServerBuilder> configureServer,
        Action<McpToolServerOptions>? configureHost = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configureServer);

        if (IsStdio(args))
        {
            using var host = CreateStdioHost(args, configureServer, configureHost);
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }

        await using var app = CreateHttpApplication(args, configureServer, configureHost);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>Whether the arguments ask for the stdio transport.</summary>
    public static bool IsStdio(IReadOnlyList<string> args) => args.Any(a => string.Equals(a, StdioSwitch, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Builds the stdio host: MCP over stdin/stdout, all logging on stderr. The host stops when stdin reaches
    /// end-of-file, so a server spawned by the gateway never outlives its parent's pipe.
    /// </summary>
    public static IHost CreateStdioHost(string[] args, Action<IMcpServerBuilder> configureServer,
        Action<McpToolServerOptions>? configureHost = null)
    {
        var hostOptions = CreateHostOptions(configureHost);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = StripStdio(args) });

        // stdout belongs to the protocol: every log line goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        QuietPerRequestLogging(builder.Configuration, builder.Logging, "ModelContextProtocol");

        var mcp = AddMcpServer(builder.Services, hostOptions);
        configureServer(mcp);
        mcp.WithStdioServerTransport();
        return builder.Build();
    }

    /// <summary>
    /// Builds (without starting) the HTTP application on the SDK's <c>MapMcp</c>: Streamable HTTP on
    /// <see cref="McpToolServerOptions.StreamableHttpPath"/> (sessions for <c>initialize</c> clients, stateless for
    /// 2026-07-28), the legacy HTTP+SSE transport (<see cref="McpToolServerOptions.SsePath"/>), health and the optional
    /// shared-secret check. Listens on <c>--urls</c> / <c>ASPNETCORE_URLS</c>, else <see cref="McpToolServerOptions.DefaultUrls"/>.
    /// <paramref name="configurePipeline"/> adds middleware that runs before the MCP endpoints (e.g. a Host guard).
    /// </summary>
    public static WebApplication CreateHttpApplication(string[] args, Action<IMcpServerBuilder> configureServer,
        Action<McpToolServerOptions>? configureHost = null, Action<IApplicationBuilder>? configurePipeline = null)
    {
        var hostOptions = CreateHostOptions(configureHost);
        var builder = WebApplication.CreateSlimBuilder(StripStdio(args));

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(hostOptions.DefaultUrls);
        }

        QuietPerRequestLogging(builder.Configuration, builder.Logging, "ModelContextProtocol", "Microsoft.AspNetCore");

        var settings = builder.Configuration.GetSection(ConfigurationSection);
        var idleTimeout = settings.GetValue(nameof(McpToolServerOptions.SessionIdleTimeout), hostOptions.SessionIdleTimeout);
        var maxIdle = settings.GetValue(nameof(McpToolServerOptions.MaxIdleSessions), hostOptions.MaxIdleSessions);

        // Tools read the caller's X-User-ID through it (ToolCaller).
        builder.Services.AddHttpContextAccessor();
        var mcp = AddMcpServer(builder.Services, hostOptions);
        configureServer(mcp);
        // The gateway's tests and benchmark speak every revision to these servers, so they keep the SDK's back-compat
        // features on purpose: sessions for initialize clients (MCP9006) and the legacy HTTP+SSE transport (MCP9004).
#pragma warning disable MCP9004, MCP9006
        mcp.WithHttpTransport(o =>
        {
            o.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
            o.EnableLegacySse = hostOptions.SsePath is { Length: > 0 };
            o.IdleTimeout = idleTimeout;
            o.MaxIdleSessionCount = maxIdle;
        });
#pragma warning restore MCP9004, MCP9006

        var app = builder.Build();

        var secret = Environment.GetEnvironmentVariable(hostOptions.SharedSecretEnvironmentVariable);
        app.UseGatewaySharedSecret(secret, hostOptions.SharedSecretHeader, hostOptions.HealthPath);
        configurePipeline?.Invoke(app);
        if (hostOptions.SsePath is { Length: > 0 } ssePath)
        {
            app.UseLegacySseAlias(ssePath, hostOptions.StreamableHttpPath);
        }

        app.UseRouting();
        app.MapMcpHealth(hostOptions.HealthPath);
        app.MapMcp(hostOptions.StreamableHttpPath);
        return app;
    }

    /// <summary>
    /// Per-request logging (SDK, ASP.NET Core) would dominate a benchmark baseline: these categories log
    /// warnings and up unless <c>Logging:LogLevel:{category}</c> is configured explicitly.
    /// </summary>
    private static void QuietPerRequestLogging(IConfiguration configuration, ILoggingBuilder logging, params string[] categories)
    {
        foreach (var category in categories)
        {
            if (configuration[$"Logging:LogLevel:{category}"] is null)
            {
                logging.AddFilter(category, LogLevel.Warning);
            }
        }
    }

    private static McpToolServerOptions CreateHostOptions(Action<McpToolServerOptions>? configureHost)
    {
        var options = new McpToolServerOptions();
        configureHost?.Invoke(options);
        return options;
    }

    private static IMcpServerBuilder AddMcpServer(IServiceCollection services, McpToolServerOptions hostOptions) =>
        services.AddMcpServer(o =>
        {
            o.ServerInfo = new Implementation
            {
                Name = hostOptions.ServerName,
                Version = hostOptions.ServerVersion,
                Title = hostOptions.ServerTitle,
            };
            o.ServerInstructions = hostOptions.Instructions;
        });

    private static string[] StripStdio(string[] args) =>
        Array.FindAll(args, a => !string.Equals(a, StdioSwitch, StringComparison.OrdinalIgnoreCase));
}
