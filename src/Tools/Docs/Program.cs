using McpGateway.Tools.Docs;
using McpGateway.Tools.Hosting;

// Docs --stdio                 MCP over stdin/stdout (exits when stdin closes)
// Docs [--urls http://…]       Streamable HTTP /mcp, legacy SSE /sse + /mcp/message, /health (default http://127.0.0.1:9104)
return await McpToolServerHost.RunAsync(
    args,
    configureServer: server => DocsServer.ConfigureServer(server),
    configureHost: DocsServer.Configure);
