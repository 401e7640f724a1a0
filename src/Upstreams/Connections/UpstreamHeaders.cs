namespace McpGateway.Upstreams.Connections;

/// <summary>HTTP headers the gateway sends to backends.</summary>
public static class UpstreamHeaders
{
    /// <summary>The shared secret that proves a request comes from the gateway (<c>TOOL_GATEWAY_SHARED_SECRET</c>).</summary>
    public const string GatewayAuth = "X-Gateway-Auth";
}
