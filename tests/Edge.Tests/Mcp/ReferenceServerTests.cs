using System.Text.Json;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using ModelContextProtocol.Protocol;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>The reference server <c>@modelcontextprotocol/server-everything</c> from npm behind the gateway.</summary>
public sealed class ReferenceServerTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("2025-11-25")]
    public async Task ServerEverything_ToolsResourcesAndPrompts_PassThrough(string? clientRevision)
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Everything());
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await using var client = await Clients.ConnectAsync(gateway.McpEndpoint, clientRevision, cts.Token);

        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        Assert.Contains(tools, t => t.Name == "everything.echo");
        var echo = await client.CallToolAsync("everything.echo", new Dictionary<string, object?> { ["message"] = "via gateway" }, cancellationToken: cts.Token);
        Assert.Contains("via gateway", Assert.IsType<TextContentBlock>(echo.Content[0]).Text, StringComparison.Ordinal);

        var structured = tools.FirstOrDefault(t => t.Name == "everything.get-structured-content");
        if (structured is not null)
        {
            Assert.NotNull(structured.ProtocolTool.OutputSchema);
        }

        var resources = await client.ListResourcesAsync(cancellationToken: cts.Token);
        Assert.NotEmpty(resources);
        var read = await client.ReadResourceAsync(resources[0].Uri, cancellationToken: cts.Token);
        Assert.NotEmpty(read.Contents);

        var templates = await client.ListResourceTemplatesAsync(cancellationToken: cts.Token);
        Assert.NotEmpty(templates);

        var prompts = await client.ListPromptsAsync(cancellationToken: cts.Token);
        Assert.NotEmpty(prompts);
        var simple = prompts.FirstOrDefault(p => p.ProtocolPrompt.Arguments is null or { Count: 0 }) ?? prompts[0];
        Assert.StartsWith("everything.", simple.Name, StringComparison.Ordinal);
        var arguments = (simple.ProtocolPrompt.Arguments ?? []).Where(a => a.Required == true).ToDictionary(a => a.Name, a => (object?)"x");
        var prompt = await client.GetPromptAsync(simple.Name, arguments, cancellationToken: cts.Token);
        Assert.NotEmpty(prompt.Messages);
    }
}
