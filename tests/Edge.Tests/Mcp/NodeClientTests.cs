using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>The Node SDK client (<c>@modelcontextprotocol/client</c>) lists and calls Hello through the gateway.</summary>
public sealed class NodeClientTests
{
    [Theory]
    [InlineData("2026-07-28", "2026-07-28")]
    [InlineData("legacy", "2025-11-25")]
    public async Task NodeClient_ListsAndCallsHello(string era, string expectedVersion)
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio());
        await using var node = ChildProcess.Start("node", [Path.Combine(RepoPaths.NodeTools, "node-client-check.mjs"), gateway.McpEndpoint.ToString(), era], RepoPaths.NodeTools);
        await node.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(node.ExitCode == 0, node.Output);

        var result = JsonNode.Parse(node.Lines.Last(l => l.StartsWith('{')))!;
        Assert.Equal(expectedVersion, result["protocolVersion"]?.GetValue<string>());
        Assert.Contains("hello.echo", result["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("from node", result["echo"]!.GetValue<string>());
        Assert.Equal("9", result["sum"]!.GetValue<string>());
        Assert.Equal("Hello, MCP", result["greeting"]!.GetValue<string>());
        Assert.Contains("Linus", result["prompt"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
