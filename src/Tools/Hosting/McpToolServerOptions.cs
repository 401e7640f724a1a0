namespace McpGateway.Tools.Hosting;

/// <summary>
/// Host-level settings of a demo tool server: identity, default listen address and HTTP routes.
/// </summary>
public sealed class McpToolServerOptions
{
    /// <summary>The server name reported in <c>serverInfo</c> (e.g. <c>hello</c>).</summary>
    public string ServerName { get; set; } = "mcp-tool-server";

    /// <summary>The server version reported in <c>serverInfo</c>.</summary>
    public string ServerVersion { get; set; } = "1.0.0";

    /// <summary>Optional human readable title reported in <c>serverInfo</c>.</summary>
    public string? ServerTitle { get; set; }

    /// <summary>Optional instructions sent to clients.</summary>
    public string? Instructions { get; set; }

    /// <summary>Listen address used when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> is given.</summary>
    public string DefaultUrls { get; set; } = "http://127.0.0.1:9101";

    /// <summary>Route of the Streamable HTTP endpoint (POST/GET/DELETE).</summary>
    public string StreamableHttpPath { get; set; } = "/mcp";

    /// <summary>
    /// Route of the legacy (2024-11-05) HTTP+SSE stream endpoint, an alias of the SDK's <c>{StreamableHttpPath}/sse</c>;
    /// messages go to the SDK's <c>{StreamableHttpPath}/message</c>. <see langword="null"/> disables legacy SSE.
    /// </summary>
    public string? SsePath { get; set; } = "/sse";

    /// <summary>Route of the health endpoint.</summary>
    public string HealthPath { get; set; } = "/health";

    /// <summary>
    /// Name of the environment variable holding the optional gateway shared secret. When the variable is set
    /// (non-empty), every HTTP request except the health endpoint must carry it in <see cref="SharedSecretHeader"/>.
    /// </summary>
    public string SharedSecretEnvironmentVariable { get; set; } = "TOOL_GATEWAY_SHARED_SECRET";

    /// <summary>Header carrying the gateway shared secret.</summary>
    public string SharedSecretHeader { get; set; } = GatewaySharedSecretMiddleware.DefaultHeaderName;

    /// <summary>
    /// How long a Streamable HTTP session may stay without any request before the SDK evicts it (checked every
    /// 5 seconds; a session with an open GET stream is never idle). Overridden by <c>ToolServer:SessionIdleTimeout</c>.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most idle Streamable HTTP sessions kept; past it the oldest are closed. Overridden by <c>ToolServer:MaxIdleSessions</c>.</summary>
    public int MaxIdleSessions { get; set; } = 10_000;
}
