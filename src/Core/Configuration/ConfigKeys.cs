namespace McpGateway.Core.Configuration;

/// <summary>The keys and enumerated values of <c>tools.yaml</c>; docs/configuration.md lists the same.</summary>
internal static class ConfigKeys
{
    public static readonly IReadOnlyCollection<string> Root = ["backends", "quotas"];

    public static readonly IReadOnlyCollection<string> Backend =
    [
        "name", "scope", "transport", "url", "command", "env", "working_directory", "prefix", "timeout_seconds",
        "discovery_timeout_seconds", "active", "protocol_version", "headers", "schema_validation", "circuit_breaker", "tools",
        "grpc",
    ];

    public static readonly IReadOnlyCollection<string> Tool =
        [
            "rate_limit_per_minute", "burst", "max_concurrency", "queue_length", "queue_timeout_seconds", "circuit_breaker",
            "risk", "long_running", "idempotent", "active", "timeout_seconds",
        ];

    public static readonly IReadOnlyDictionary<string, BackendTransport> Transports =
        new Dictionary<string, BackendTransport>(StringComparer.OrdinalIgnoreCase)
        {
            ["streamable-http"] = BackendTransport.StreamableHttp,
            ["sse"] = BackendTransport.Sse,
            ["stdio"] = BackendTransport.Stdio,
            ["jsonrpc"] = BackendTransport.JsonRpc,
            ["grpc"] = BackendTransport.Grpc,
        };

    public static readonly IReadOnlyDictionary<string, SchemaValidationMode> SchemaValidationModes =
        new Dictionary<string, SchemaValidationMode>(StringComparer.OrdinalIgnoreCase)
        {
            ["enforce"] = SchemaValidationMode.Enforce,
            ["warn"] = SchemaValidationMode.Warn,
            ["off"] = SchemaValidationMode.Off,
        };

    public static readonly IReadOnlyDictionary<string, RiskLevel> Risks =
        new Dictionary<string, RiskLevel>(StringComparer.OrdinalIgnoreCase)
        {
            ["low"] = RiskLevel.Low,
            ["medium"] = RiskLevel.Medium,
            ["high"] = RiskLevel.High,
        };

    /// <summary>Headers the gateway sets itself; a backend's static <c>headers</c> may not override them.</summary>
    public static readonly IReadOnlySet<string> ReservedHeaders = new HashSet<string>(
        [
            "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Accept",
            "Mcp-Session-Id", "Mcp-Protocol-Version", "Mcp-Method", "Mcp-Name", "Last-Event-ID",
            "X-Gateway-Auth", "X-User-ID",
        ],
        StringComparer.OrdinalIgnoreCase);
}
