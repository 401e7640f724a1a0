using McpGateway.Tools.Git;
using McpGateway.Tools.Hosting;

// Git --stdio [--Git:Repositories:NAME=PATH …]            MCP over stdin/stdout (exits when stdin closes)
// Git [--urls http://…] [--Git:Repositories:NAME=PATH …]  Streamable HTTP /mcp, legacy SSE /sse + /mcp/message, /health (default http://127.0.0.1:9103)
return await McpToolServerHost.RunAsync(
    args,
    configureServer: server => GitServer.ConfigureServer(server),
    configureHost: GitServer.Configure);
