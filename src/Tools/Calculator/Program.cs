using McpGateway.Tools.Calculator;
using McpGateway.Tools.Hosting;

// Calculator --stdio                 MCP over stdin/stdout (exits when stdin closes)
// Calculator [--urls http://…]       Streamable HTTP /mcp, legacy SSE /sse + /mcp/message, /health (default http://127.0.0.1:9102)
return await McpToolServerHost.RunAsync(
    args,
    configureServer: server => CalculatorServer.ConfigureServer(server),
    configureHost: CalculatorServer.Configure);
