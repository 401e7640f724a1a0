using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// A backend's <c>notifications/tools/list_changed</c> makes the gateway discover it again, and the change is announced
/// on the streams of the sessions that can see that backend's scope, and on no other.
/// </summary>
public sealed class ListChangedTests
{
    [Fact]
    public async Task BackendListChange_IsRediscovered_AndAnnouncedOnlyToItsScope()
    {
        var fake = Path.Combine(RepoPaths.NodeTools, "fake-backend.mjs");
        await using var gateway = await GatewayHost.StartAsync($"""
              - name: fake
                transport: stdio
                command: [node, "{fake}"]
                discovery_timeout_seconds: 15

            """ + GatewayHost.HelloStdio());
        using var raw = new RawMcp(gateway.McpEndpoint);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        await using var fakeStream = await SessionStream.OpenAsync(http, gateway.ScopedEndpoint("fake"));
        await using var helloStream = await SessionStream.OpenAsync(http, gateway.ScopedEndpoint("hello"));
        await using var allStream = await SessionStream.OpenAsync(http, gateway.McpEndpoint);

        var (_, added, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "fake.add_tool", ["arguments"] = new JsonObject() }));
        Assert.Equal("ok", added!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        Assert.Equal("notifications/tools/list_changed", await fakeStream.NextMethodAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("notifications/tools/list_changed", await allStream.NextMethodAsync(TimeSpan.FromSeconds(20)));
        // No signal exists for "the hello scope was skipped": nothing else the test can cause is delivered in order on
        // that stream, so its silence is read for a second (docs/testing.md).
        Assert.Null(await helloStream.NextMethodAsync(TimeSpan.FromSeconds(1)));

        var (_, list, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
        Assert.Contains(list!["result"]!["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "fake.added");
    }
}
