namespace McpGateway.Edge.Mcp;

/// <summary>HTTP header names of the Streamable HTTP transport.</summary>
internal static class McpHeaders
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";
    public const string Method = "Mcp-Method";
    public const string Name = "Mcp-Name";
    public const string RequestId = "X-Request-ID";
    public const string CorrelationId = "X-Correlation-ID";

    /// <summary>The <c>_meta</c> keys of the stateless revision.</summary>
    public const string MetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
    public const string MetaClientCapabilities = "io.modelcontextprotocol/clientCapabilities";
    public const string MetaClientInfo = "io.modelcontextprotocol/clientInfo";
    public const string MetaServerInfo = "io.modelcontextprotocol/serverInfo";
    public const string MetaSubscriptionId = "io.modelcontextprotocol/subscriptionId";
    public const string ReservedMetaPrefix = "io.modelcontextprotocol/";
}
