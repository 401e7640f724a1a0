using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

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
        await using var hello = ChildProcess.StartDotnet("Hello.dll", ["--urls", $"http://127.0.0.1:{port}"]);
        await hello.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromSeconds(60));

        // Well before the 60 s discovery interval.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var served = false;
        while (!served && DateTime.UtcNow < deadline)
        {
            served = await ServedAsync();
            if (!served)
            {
                await Task.Delay(250);
            }
        }

        Assert.True(served);
        var (_, echo, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "late.echo", ["arguments"] = new JsonObject { ["message"] = "back" } }));
        Assert.Equal("back", echo!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }
}
