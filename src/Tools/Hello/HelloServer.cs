using McpGateway.Tools.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tools.Hello;

/// <summary>Identity and defaults of the Hello demo server.</summary>
public static class HelloServer
{
    public const string Name = "hello";
    public const string DefaultUrls = "http://127.0.0.1:9101";

    /// <summary>Registers the Hello tools, resources, prompts and completions.</summary>
    public static IMcpServerBuilder ConfigureServer(IMcpServerBuilder server) => server
        .WithTools<HelloTools>()
        .WithResources<HelloResources>()
        .WithPrompts<HelloPrompts>()
        .WithCompleteHandler(HelloCompletions.CompleteAsync);

    /// <summary>Host identity and defaults.</summary>
    public static void Configure(McpToolServerOptions options)
    {
        options.ServerName = Name;
        options.ServerTitle = "Hello demo server";
        options.ServerVersion = typeof(HelloServer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        options.Instructions = "A tiny demo server: echo text, add numbers, read a greeting, plan a greeting.";
        options.DefaultUrls = DefaultUrls;
    }
}
