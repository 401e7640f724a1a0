namespace McpGateway.Core.Configuration;

/// <summary>How the gateway talks to a backend (the <c>transport</c> key of <c>tools.yaml</c>).</summary>
public enum BackendTransport
{
    /// <summary>MCP Streamable HTTP (<c>streamable-http</c>): one endpoint, POST plus optional SSE responses.</summary>
    StreamableHttp,

    /// <summary>The legacy MCP HTTP+SSE transport of revision 2024-11-05 (<c>sse</c>).</summary>
    Sse,

    /// <summary>MCP over the standard streams of a process the gateway spawns (<c>stdio</c>).</summary>
    Stdio,

    /// <summary>A plain JSON-RPC 2.0 tool service exposing <c>POST /mcp</c> and <c>GET /health</c> (<c>jsonrpc</c>).</summary>
    JsonRpc,

    /// <summary>A provider of the gRPC contract <c>proto/provider.proto</c> (<c>grpc</c>; docs/provider-contract.md).</summary>
    Grpc,
}
