using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tools.Hosting;

/// <summary>
/// Runs a demo MCP tool server either over stdio (<c>--stdio</c>) or over HTTP (Streamable HTTP on <c>/mcp</c>,
/// legacy HTTP+SSE on <c>/sse</c> + <c>/messages</c>, <c>/health</c>).
/// </summary>
public static class McpToolServerHost
{
    /// <summary>The command-line switch selecting the stdio transport.</summary>
    public const string StdioSwitch = "--stdio";

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
    /// Builds (without starting) the HTTP application: Streamable HTTP, legacy SSE, health and the optional
    /// shared-secret check. Listens on <c>--urls</c> / <c>ASPNETCORE_URLS</c>, else <see cref="McpToolServerOptions.DefaultUrls"/>.
    /// </summary>
    public static WebApplication CreateHttpApplication(string[] args, Action<IMcpServerBuilder> configureServer,
        Action<McpToolServerOptions>? configureHost = null)
    {
        var hostOptions = CreateHostOptions(configureHost);
        var builder = WebApplication.CreateSlimBuilder(StripStdio(args));

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(hostOptions.DefaultUrls);
        }

        QuietPerRequestLogging(builder.Configuration, builder.Logging, "ModelContextProtocol", "Microsoft.AspNetCore");

        var mcp = AddMcpServer(builder.Services, hostOptions);
        configureServer(mcp);

        var http = hostOptions.Http;
        builder.Services.AddMcpHttpTransports(o =>
        {
            o.SessionIdleTimeout = http.SessionIdleTimeout;
            o.MaxSessions = http.MaxSessions;
            o.MaxSseSessions = http.MaxSseSessions;
            o.SweepInterval = http.SweepInterval;
        });
        builder.Services.BindMcpHttpTransportOptions(builder.Configuration);

        var app = builder.Build();

        var secret = Environment.GetEnvironmentVariable(hostOptions.SharedSecretEnvironmentVariable);
        app.UseGatewaySharedSecret(secret, hostOptions.SharedSecretHeader, hostOptions.HealthPath);

        app.MapMcpHealth(hostOptions.HealthPath);
        app.MapMcpStreamableHttp(hostOptions.StreamableHttpPath);
        if (hostOptions.SsePath is { Length: > 0 } ssePath)
        {
            app.MapMcpSse(ssePath, hostOptions.MessagesPath);
        }

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
