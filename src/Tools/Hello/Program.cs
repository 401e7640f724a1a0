using McpGateway.Tools.Hello;
using McpGateway.Tools.Hosting;

return await McpToolServerHost.RunAsync(
    args,
    configureServer: server => server
        .WithTools<HelloTools>()
        .WithResources<HelloResources>()
        .WithPrompts<HelloPrompts>()
        .WithCompleteHandler(HelloCompletions.CompleteAsync),
    configureHost: HelloServer.Configure);
