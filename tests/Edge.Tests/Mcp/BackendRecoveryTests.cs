using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>A backend that is down when the node starts is tried again soon, and served as soon as it is up.</summary>
public sealed class BackendRecoveryTests
{
    [Fact]
    public async Task BackendDownAtStartup_IsServedSoonAfterItComesUp()
    {
        var port = FreePort.Next();
        await using var gateway = await GatewayHost.StartAsync(
            $"  - name: late\n    transport: streamable-http\n    url: http://127.0.0.1:{port}/mcp\n    discovery_timeout_seconds: 2\n");
        using var raw = new RawMcp(gateway.McpEndpoint);

        async Task<bool> ServedAsync()
        {
            var (_, list, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
            return list!["result"]!["tools"]!.AsArray().Any(t => t!["name"]!.GetValue<string>() == "late.echo");
        }

        Assert.False(await ServedAsync());
        await using var hello = await BackendProcess.StartAsync(BackendProcess.Hello, port);

        // Well before the 60 s discovery interval.
        await Eventually.UntilAsync(ServedAsync, "the late backend to be served");
        var (_, echo, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "late.echo", ["arguments"] = new JsonObject { ["message"] = "back" } }));
        Assert.Equal("back", echo!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }
}
