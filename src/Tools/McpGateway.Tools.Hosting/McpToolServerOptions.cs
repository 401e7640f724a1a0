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

    /// <summary>Route of the legacy (2024-11-05) HTTP+SSE stream endpoint; <see langword="null"/> disables legacy SSE.</summary>
    public string? SsePath { get; set; } = "/sse";

    /// <summary>Route of the legacy HTTP+SSE message endpoint.</summary>
    public string MessagesPath { get; set; } = "/messages";

    /// <summary>Route of the health endpoint.</summary>
    public string HealthPath { get; set; } = "/health";

    /// <summary>
    /// Name of the environment variable holding the optional gateway shared secret. When the variable is set
    /// (non-empty), every HTTP request except the health endpoint must carry it in <see cref="SharedSecretHeader"/>.
    /// </summary>
    public string SharedSecretEnvironmentVariable { get; set; } = "TOOL_GATEWAY_SHARED_SECRET";

    /// <summary>Header carrying the gateway shared secret.</summary>
    public string SharedSecretHeader { get; set; } = GatewaySharedSecretMiddleware.DefaultHeaderName;

    /// <summary>Settings of the HTTP transports (session limits, idle eviction).</summary>
    public McpHttpTransportOptions Http { get; } = new();
}
