namespace McpGateway.Edge.Hosting;

/// <summary>The node's settings, read once at startup from the command line and the environment.</summary>
public sealed partial record GatewayOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Folder with <c>tools.yaml</c> and <c>policy.yaml</c> (<c>GATEWAY_CONFIG_DIR</c>, <c>--config-dir</c>).</summary>
    public string ConfigDirectory { get; init; } = "config";

    /// <summary>The embedded engine's folder (<c>GATEWAY_DATA_DIR</c>); with <see cref="Database"/> set, only the audit spool's (<c>audit-spool/</c>).</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The PostgreSQL engine's database (<c>DATABASE_URL</c>); null selects the embedded engine.</summary>
    public Storage.Postgres.DatabaseUrl? Database { get; init; }

    /// <summary>Whether a PostgreSQL node applies missing migrations at startup (<c>GATEWAY_MIGRATE_ON_START</c>, default true).</summary>
    public bool MigrateOnStart { get; init; } = true;

    /// <summary>Largest accepted request body (<c>GATEWAY_MAX_BODY_BYTES</c>, default 10 MB).</summary>
    public long MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Bounds of a JSON-RPC batch (<c>GATEWAY_MAX_BATCH_LENGTH</c>, <c>GATEWAY_BATCH_CONCURRENCY</c>, <c>GATEWAY_MAX_BATCH_RESPONSE_BYTES</c>).</summary>
    public Mcp.BatchLimits Batches { get; init; } = new();

    /// <summary>Stateful sessions idle longer than this are evicted (<c>GATEWAY_SESSION_IDLE_MINUTES</c>).</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Extra allowed <c>Host</c> header values (<c>GATEWAY_ALLOWED_HOSTS</c>, comma-separated; <c>*</c> allows any).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Allowed browser origins (<c>GATEWAY_ALLOWED_ORIGINS</c>, comma-separated; <c>*</c> allows any).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>How often backends are discovered again (<c>GATEWAY_DISCOVERY_INTERVAL_SECONDS</c>).</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Failed discoveries in a row after which a connected backend's last good entries leave the catalogue
    /// (<c>GATEWAY_DISCOVERY_FAILURES_TO_DROP</c>).
    /// </summary>
    public int DiscoveryFailuresToDrop { get; init; } = 3;

    /// <summary>How long a stopping node waits for in-flight calls (<c>GATEWAY_SHUTDOWN_TIMEOUT_SECONDS</c>).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>jwt</c> (default): bearer tokens; <c>none</c>: anonymous callers, loopback only (<c>GATEWAY_AUTH_MODE</c>).</summary>
    public string AuthMode { get; init; } = "jwt";

    /// <summary>JWT settings (<c>JWT_*</c>); used in auth mode <c>jwt</c>.</summary>
    public Identity.Jwt.JwtOptions Jwt { get; init; } = new();

    /// <summary>The host environment (<c>ASPNETCORE_ENVIRONMENT</c>, else <c>DOTNET_ENVIRONMENT</c>, else Production).</summary>
    public string EnvironmentName { get; init; } = "Production";

    public bool IsDevelopment => EnvironmentName.Equals("Development", StringComparison.OrdinalIgnoreCase);

    /// <summary>Roles of unauthenticated callers in auth mode <c>none</c> (<c>GATEWAY_ANONYMOUS_ROLES</c>).</summary>
    public IReadOnlyList<string> AnonymousRoles { get; init; } = ["admin"];

    /// <summary>Shared secret sent to backends (<c>TOOL_GATEWAY_SHARED_SECRET</c>).</summary>
    public string? ToolSharedSecret { get; init; }

    /// <summary>Where provider events also come from: NATS JetStream (<c>NATS_URL</c>, <c>NATS_CONSUMER</c>).</summary>
    internal Events.ProviderEventsOptions ProviderEvents { get; init; } = new();

    /// <summary>Minimum log level (<c>LOG_LEVEL</c>: trace, debug, information, warning, error).</summary>
    public string LogLevel { get; init; } = "Information";

    /// <summary>Largest number of entries in one page of a list result.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>How often <c>policy.yaml</c> is checked for changes (<c>GATEWAY_CONFIG_RELOAD_SECONDS</c>).</summary>
    public TimeSpan ConfigReloadInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Default rate limits (<c>RATE_LIMIT_USER_PER_MINUTE</c>, <c>RATE_LIMIT_USER_BURST</c>, <c>RATE_LIMIT_TOOL_PER_MINUTE</c>, <c>RATE_LIMIT_TOOL_BURST</c>).</summary>
    public Core.Traffic.AdmissionDefaults Limits { get; init; } = new();

    /// <summary>This node's id in the cluster (<c>GATEWAY_NODE_ID</c>); null: the host name and a random suffix, new at every start.</summary>
    public string? NodeId { get; init; }

    /// <summary>Where this node is reached (<c>GATEWAY_NODE_ADDRESS</c>); null: its first listen URL.</summary>
    public string? NodeAddress { get; init; }

    /// <summary>What this node does, as listed in <c>/admin/cluster</c> (<c>GATEWAY_NODE_ROLES</c>, comma-separated).</summary>
    public IReadOnlyList<string> NodeRoles { get; init; } = ["gateway"];

    /// <summary>The co-hosted Orleans silo: cluster and service id, silo port, advertised address, membership probes (<c>GATEWAY_CLUSTER_ID</c> …).</summary>
    public McpGateway.Silo.SiloSettings Silo { get; init; } = new();

    /// <summary>How jobs live: attempts, backoff, checks, retention, caps (<c>GATEWAY_JOB_*</c>).</summary>
    public Core.Jobs.JobSettings Jobs { get; init; } = new();

    /// <summary>Whether the gateway's job tools (<c>get_job_status</c> …) are offered to MCP clients (<c>GATEWAY_JOB_TOOLS</c>).</summary>
    public bool JobTools { get; init; } = true;

    /// <summary>Workers that run jobs on this node (<c>GATEWAY_JOB_WORKERS</c>; 0 on an edge-only node).</summary>
    public int JobWorkers { get; init; } = 4;

    /// <summary>
    /// <c>all</c> (default): serves clients and runs jobs; <c>edge</c>: serves clients only; <c>worker</c>: runs jobs
    /// only, serving nothing but health and metrics (<c>GATEWAY_NODE_MODE</c>).
    /// </summary>
    public string NodeMode { get; init; } = "all";

    public bool ServesClients => NodeMode != "worker";

    /// <summary>The store in use, for messages: the database without its password, or the embedded file.</summary>
    public string StoreName => Database?.ToString() ?? Path.GetFullPath(Path.Combine(DataDirectory, "gateway.db"));

    /// <summary>OpenTelemetry export (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and friends; docs/observability.md).</summary>
    public Observability.TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>Audit log settings (<c>GATEWAY_NODE_ID</c>, <c>GATEWAY_AUDIT_*</c>; docs/audit.md).</summary>
    public Core.Audit.AuditOptions Audit { get; init; } = new();

    /// <summary>How the node's admission cache leases its shares from the traffic grains (<c>GATEWAY_ADMISSION_LEASE_SECONDS</c>).</summary>
    public Silo.Admission.OrleansAdmissionOptions Admission { get; init; } = new();

    /// <summary>Sessions, streams, bodies and connections one client can hold (<c>GATEWAY_MAX_SESSIONS_PER_USER</c> …, see <see cref="ClientBounds"/>).</summary>
    public ClientBounds Clients { get; init; } = new();

    public string ToolsFile => Path.Combine(ConfigDirectory, "tools.yaml");

    public string PolicyFile => Path.Combine(ConfigDirectory, "policy.yaml");
}
