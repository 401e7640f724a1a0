using McpGateway.Tools.Hello;
using McpGateway.Tools.Hosting;

// Hello --stdio                 MCP over stdin/stdout (exits when stdin closes)
// Hello [--urls http://…]       Streamable HTTP /mcp, legacy SSE /sse + /mcp/message, /health (default http://127.0.0.1:9101)
return await McpToolServerHost.RunAsync(
    args,
    configureServer: server => HelloServer.ConfigureServer(server),
    configureHost: HelloServer.Configure);
