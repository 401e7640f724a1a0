using McpGateway.Core.Configuration;
using McpGateway.Core.Policy;
using McpGateway.Edge.Admin;
using McpGateway.Edge.Dashboard;
using McpGateway.Edge.Health;
using McpGateway.Edge.Http;
using McpGateway.Edge.Identity;
using McpGateway.Edge.Jobs;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Observability;
using McpGateway.Silo;
using Orleans.Dashboard;

namespace McpGateway.Edge.Hosting;

/// <summary>Builds the node's web application: logging, Kestrel, middleware and endpoints.</summary>
public static class GatewayApp
{
    /// <param name="configureServices">Runs after the gateway's own registrations (tests add sinks and decorators).</param>
    public static WebApplication Build(GatewayOptions options, ToolsConfig tools, RolePolicy policy, string[]? args = null, Action<IServiceCollection>? configureServices = null)
    {
        // The gateway ships no appsettings file (its settings are environment variables); reloading one on change puts a
        // recursive FileSystemWatcher on the working folder, which holds the data folder by default (./data, /app/data
        // in the image): every SQLite write (each audit commit) would then wake the watcher's thread (bench/results/hop.md).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args ?? []],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        ConfigureLogging(builder.Logging, options);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes + 1;

            // Kestrel's MinRequestBodyDataRate (240 B/s after 5 s) stays: it cuts a stalled body; BodyReadDeadline cuts
            // one trickled at any rate. Connections over the cap are closed as they come (docs/deployment.md).
            int? connections = options.Clients.MaxConnections > 0 ? options.Clients.MaxConnections : null;
            kestrel.Limits.MaxConcurrentConnections = connections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = connections;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddGatewayTelemetry(options.Telemetry);

        // The silo starts before the gateway's services and stops after them (hosted services stop in reverse order,
        // the HTTP server first): stop taking requests, drain, then leave the cluster. Its tables are migrated first.
        var node = new Cluster.LocalNode(options, TimeProvider.System);
        builder.Services.AddSingleton(node);
        builder.Services.AddGatewayStorage(options);
        builder.Services.AddHostedService<SchemaReady>();
        builder.UseOrleans(silo => silo.UseGatewaySilo(options.Silo, SiloStoreOf(options), node.Id, runsJobs: options.JobWorkers > 0));
        builder.Services.AddGateway(options, tools, policy);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();

        // The OpenTelemetry providers (when on) are resolved here, so they listen from the start; flushed once the host has stopped.
        app.FlushWhenStopped();
        app.UseMiddleware<HttpMetrics.Middleware>();
        app.UseMiddleware<UnhandledExceptionMiddleware>();
        app.UseMiddleware<RequestContextMiddleware>();
        app.UseMiddleware<BodyReadDeadline>();
        app.UseMiddleware<DrainMiddleware>();
        app.UseMiddleware<HostOriginValidationMiddleware>();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.MapHealth();
        app.MapMetrics();
        if (options.AuthMode == "jwt")
        {
            app.MapProtectedResourceMetadata();
            app.MapDevelopmentIssuer(options);
        }

        var admin = app.MapAdminGroup();
        MapAdminEndpoints(admin);

        // The Orleans Dashboard has no authentication of its own: it lives in the admin group (admin role required).
        admin.MapOrleansDashboard(routePrefix: "/orleans");

        // The operator dashboard's page and scripts (no data: it reads everything from the admin API above).
        app.MapDashboard();
        if (options.ServesClients)
        {
            app.MapMcpEndpoints();
            app.MapJobEndpoints();
        }

        return app;
    }

    /// <summary>Each admin feature adds one line here.</summary>
    private static void MapAdminEndpoints(RouteGroupBuilder admin)
    {
        admin.MapLimits();
        admin.MapClusterEndpoints();
        admin.MapApprovals();
        admin.MapAuditEndpoints();
        admin.MapQuotaEndpoints();
        admin.MapConfigEndpoints();
        admin.MapJobAdminEndpoints();
    }

    /// <summary>The silo keeps its tables where the node's engine keeps everything else.</summary>
    private static SiloStore SiloStoreOf(GatewayOptions options) => options.Database is { } database
        ? new SiloStore.Postgres(database.ConnectionString)
        : new SiloStore.Embedded(options.StoreName);

    private static void ConfigureLogging(ILoggingBuilder logging, GatewayOptions options)
    {
        logging.ClearProviders();
        logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            json.UseUtcTimestamp = true;
        });
        var level = Enum.Parse<LogLevel>(options.LogLevel, ignoreCase: true);
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft.AspNetCore", level < LogLevel.Warning ? LogLevel.Warning : level);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        // The gateway logs its own request ids; ASP.NET's per-request scope and Activity would double the work per call.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        logging.AddFilter("ModelContextProtocol", level < LogLevel.Warning ? LogLevel.Warning : level);

        // Orleans reports its life at Information in detail; membership changes (joins, deaths) stay visible.
        logging.AddFilter("Orleans", level < LogLevel.Warning ? LogLevel.Warning : level);
        logging.AddFilter("Orleans.Runtime.MembershipService", level);
        logging.AddFilter("Polly", level < LogLevel.Warning ? LogLevel.Warning : level);
    }
}
