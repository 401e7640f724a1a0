using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Steps;
using McpGateway.Core.Policy;
using McpGateway.Core.Validation;
using McpGateway.Edge.Audit;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Health;
using McpGateway.Edge.Identity;
using McpGateway.Edge.Jobs;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Reload;
using McpGateway.Edge.Traffic;
using McpGateway.Storage.Audit;
using McpGateway.Upstreams;
using McpGateway.Upstreams.Connections;
using McpGateway.Upstreams.Discovery;

namespace McpGateway.Edge.Hosting;

/// <summary>Registers the node's services: the engine, the backends, the catalogue, the pipeline and the MCP edge.</summary>
internal static class GatewayServices
{
    public static IServiceCollection AddGateway(this IServiceCollection services, GatewayOptions options, ToolsConfig tools, RolePolicy policy)
    {
        services.AddSingleton(options);
        var toolsSource = new ToolsConfigSource(tools);
        services.AddSingleton(toolsSource);
        services.AddSingleton(new RolePolicySource(policy));
        services.AddSingleton<IToolRiskSource>(new ToolsConfigRisk(() => toolsSource.Current));
        services.AddSingleton<Approvals.WebhookApprovalNotifier>();
        services.AddSingleton<Core.Approvals.IApprovalNotifier>(sp => sp.GetRequiredService<Approvals.WebhookApprovalNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<Approvals.WebhookApprovalNotifier>());
        services.AddSingleton<Core.Approvals.ApprovalService>();
        services.AddSingleton<Core.Pipeline.Ports.IAuthorizationPolicy, PolicyAuthorization>();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton(new UpstreamOptions { SharedSecret = options.ToolSharedSecret, DiscoveryInterval = options.DiscoveryInterval, DiscoveryFailuresToDrop = options.DiscoveryFailuresToDrop });
        services.AddSingleton<Upstreams.Grpc.Events.ProviderEventHub>();
        services.AddSingleton(options.ProviderEvents);
        services.AddHostedService<Events.NatsEventConsumer>();
        services.AddSingleton(sp => new BackendPool(toolsSource.Current.Backends, sp.GetRequiredService<UpstreamOptions>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Upstreams.Grpc.Events.ProviderEventHub>(), sp.GetService<Core.Pipeline.Ports.IHeldCallRouter>()));
        services.AddSingleton<Core.Pipeline.Ports.IBackendDispatcher>(sp => sp.GetRequiredService<BackendPool>());
        services.AddSingleton(sp => new CatalogueService(toolsSource.Current.Backends, sp.GetRequiredService<BackendPool>(), sp.GetRequiredService<UpstreamOptions>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICatalogue>(sp => new Jobs.GatewayToolsCatalogue(sp.GetRequiredService<CatalogueService>(), options.JobTools ? Jobs.GatewayJobTools.Items : []));
        services.AddJobs(options);

        // The durable writer first: a call whose record it cannot keep is answered with an error, and the log line and
        // metrics after it see that error.
        // The embedded engine without fsync answers a call once its record is in the journal (one write), not after
        // the SQLite commit (docs/audit.md, "What survives what").
        var audit = options.Audit with { JournalFirst = options.Database is null && !options.Audit.Fsync };
        services.AddSingleton(audit);
        services.AddSingleton<IAuditSpool>(_ => audit.JournalFirst
            ? new AuditJournal(AuditJournal.PathIn(options.DataDirectory))
            : new FileAuditSpool(Path.Combine(options.DataDirectory, "audit-spool")));
        services.AddSingleton(sp =>
        {
            var writer = new AuditWriter(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<IAuditSpool>(), audit,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AuditWriter>>());
            writer.Start();
            return writer;
        });
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService<AuditService>();
        services.AddSingleton<IAuditSink, LogAuditSink>();
        services.AddSingleton<Observability.CallMetrics>();
        services.AddSingleton<Observability.GatewayMeter>();
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<Observability.GatewayMeter>());
        services.AddSingleton<Observability.HttpMetrics>();
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<Observability.CallMetrics>());
        services.AddSingleton<Admin.RecentUserCalls>();
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<Admin.RecentUserCalls>());
        services.AddSingleton<ToolSchemas>();
        services.AddSingleton<Core.Pipeline.Ports.IArgumentValidator, SchemaArgumentValidator>();
        services.AddSingleton<Core.Pipeline.Ports.IResultChecker, OutputSchemaChecker>();
        services.AddTrafficControl(options);
        services.AddSingleton(BuildPipelines);
        services.AddSingleton(sp => sp.GetRequiredService<Pipelines>().Direct);
        services.AddSingleton(sp => sp.GetRequiredService<Pipelines>().Jobs);

        services.AddCallerAuthentication(options);
        services.AddSingleton<SessionManager>();
        services.AddSingleton(sp => new RecentSessions(sp.GetRequiredService<TimeProvider>(), RecentSessionsFreshness(options)));
        services.AddSingleton<SessionLimits>();
        services.AddSingleton<InFlightRequests>();
        services.AddSingleton<McpExchangeResolver>();
        services.AddSingleton<McpRequestRouter>();
        services.AddSingleton<McpPostHandler>();
        services.AddSingleton<McpStreamHandler>();
        services.AddSingleton<SessionStreams>();
        services.AddSingleton<LegacySseHandler>();
        services.AddSingleton<ResourceSubscriptions>();
        services.AddSingleton<SessionEndings>();
        services.AddSingleton<ClientRequests>();
        services.AddSingleton<ClientLinks>();
        services.AddSingleton<SubscriptionsListenHandler>();
        services.AddSingleton<McpBatchHandler>();
        services.AddSingleton<ReadinessState>();
        services.AddSingleton<StoreHealth>();
        services.AddSingleton<ConfigHealth>();
        services.AddSingleton<Rest.InvokeEndpoint>();

        services.AddSingleton<RegistrySync>();
        services.AddHostedService<GatewayStartup>();
        services.AddConfigReload();
        services.AddJobRunners(options);
        services.AddHostedService<BackendLogRelay>();
        services.AddCluster();
        return services;
    }

    /// <summary>
    /// How long a session read from its grain serves this node's requests: a second, and short against the idle timeout
    /// (the grain learns of the activity at the next read).
    /// </summary>
    private static TimeSpan RecentSessionsFreshness(GatewayOptions options) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, options.SessionIdleTimeout.Ticks / 8));

    /// <summary>
    /// The pipelines, composed in <see cref="PipelineOrder"/>'s order. Authorize, admit, validate and check run whatever
    /// policies, gates, validators and checkers are registered; with none registered they pass the call on. Direct calls
    /// (MCP and REST) may be turned into jobs ("dispatch now, or as a job": job-plan before admit, which then spends a
    /// job's quotas and rate limits at submit only; job after validate); jobs run through the same steps without those
    /// two, admitted by the concurrency cap and the breaker only (CallStage). The gateway's own tools are dispatched in
    /// process.
    /// </summary>
    private static Pipelines BuildPipelines(IServiceProvider services)
    {
        ICallStep[] common =
        [
            new TraceStep(),
            new RecordStep(services.GetServices<IAuditSink>(), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<AuditOptions>()),
            new AuthenticateStep(),
            new ResolveStep(services.GetRequiredService<ICatalogue>()),
            new AuthorizeStep(services.GetServices<Core.Pipeline.Ports.IAuthorizationPolicy>()),
            new AdmitStep(services.GetServices<Core.Pipeline.Ports.IAdmissionGate>()),
            new ValidateStep(services.GetServices<Core.Pipeline.Ports.IArgumentValidator>()),
            new CheckStep(services.GetServices<Core.Pipeline.Ports.IResultChecker>()),
        ];
        ICallStep[] jobs = [services.GetRequiredService<Core.Jobs.JobPlanStep>(), services.GetRequiredService<Core.Jobs.JobStep>()];
        var dispatch = new DispatchStep(services.GetRequiredService<Core.Pipeline.Ports.IBackendDispatcher>());
        var ownTools = services.GetRequiredService<Jobs.GatewayJobTools>();
        CallDelegate terminal = context => context.Target!.Backend == Jobs.GatewayJobTools.Backend ? ownTools.InvokeAsync(context) : dispatch.InvokeAsync(context);
        return new Pipelines(
            PipelineOrder.Compose([.. common, .. jobs], terminal),
            new Core.Jobs.JobExecutionPipeline(PipelineOrder.Compose(common, terminal)));
    }

    /// <summary>The pipeline of direct calls and the one jobs run through, built once from the same steps.</summary>
    private sealed record Pipelines(CallPipeline Direct, Core.Jobs.JobExecutionPipeline Jobs);
}
