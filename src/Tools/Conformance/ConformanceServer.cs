using McpGateway.Tools.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tools.Conformance;

/// <summary>Identity and handlers of the conformance backend.</summary>
public static class ConformanceServer
{
    public const string Name = "conformance";
    public const string DefaultUrls = "http://127.0.0.1:9109";

    public static void ConfigureServer(IMcpServerBuilder server) => server
        .WithListToolsHandler(ConformanceTools.ListAsync)
        .WithCallToolHandler(ConformanceTools.CallAsync)
        .WithListResourcesHandler(ConformanceResources.ListAsync)
        .WithListResourceTemplatesHandler(ConformanceResources.ListTemplatesAsync)
        .WithReadResourceHandler(ConformanceResources.ReadAsync)
        .WithSubscribeToResourcesHandler(ConformanceResources.SubscribeAsync)
        .WithUnsubscribeFromResourcesHandler(ConformanceResources.UnsubscribeAsync)
        .WithListPromptsHandler(ConformancePrompts.ListAsync)
        .WithGetPromptHandler(ConformancePrompts.GetAsync)
        .WithCompleteHandler(ConformancePrompts.CompleteAsync);

    public static void Configure(McpToolServerOptions options)
    {
        options.ServerName = Name;
        options.ServerTitle = "MCP conformance backend";
        options.ServerVersion = typeof(ConformanceServer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        options.Instructions = "Implements the tools, resources and prompts the official MCP conformance suite expects.";
        options.DefaultUrls = DefaultUrls;
    }
}
