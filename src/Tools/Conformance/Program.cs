using McpGateway.Tools.Conformance;
using McpGateway.Tools.Hosting;

// Conformance --stdio                 MCP over stdin/stdout (exits when stdin closes)
// Conformance [--urls http://…]       Streamable HTTP /mcp, legacy SSE /sse + /mcp/message, /health (default http://127.0.0.1:9109)
// The server the official conformance suite (@modelcontextprotocol/conformance, server scenarios) expects.
if (McpToolServerHost.IsStdio(args))
{
    return await McpToolServerHost.RunAsync(args, ConformanceServer.ConfigureServer, ConformanceServer.Configure);
}

await using var app = McpToolServerHost.CreateHttpApplication(args, ConformanceServer.ConfigureServer, ConformanceServer.Configure,
    configurePipeline: pipeline => pipeline.Use(LocalhostGuard.InvokeAsync));
await app.RunAsync();
return 0;
