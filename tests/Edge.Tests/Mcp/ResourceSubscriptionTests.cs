using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>resources/subscribe through the gateway: the backend's updates reach the subscribed session's stream.</summary>
public sealed class ResourceSubscriptionTests
{
    [Fact]
    public async Task Subscribe_BackendUpdatesReachTheSubscribedSession_AndNotOthers()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Everything());
        using var raw = new RawMcp(gateway.McpEndpoint);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var (_, resources, _) = await raw.SendAsync(raw.Stateless2026("resources/list"));
        var uri = resources!["result"]!["resources"]![0]!["uri"]!.GetValue<string>();

        await using var subscriber = await SessionStream.OpenAsync(http, gateway.McpEndpoint);
        await using var bystander = await SessionStream.OpenAsync(http, gateway.McpEndpoint);
        var (status, subscribed, _) = await raw.SendAsync(subscriber.Request(raw, "resources/subscribe", new JsonObject { ["uri"] = uri }));
        Assert.Equal(200, status);
        Assert.NotNull(subscribed!["result"]);

        // The reference server sends an update for every subscribed resource when its simulated updates start.
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "everything.toggle-subscriber-updates", ["arguments"] = new JsonObject() }));

        JsonObject? update = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (update is null && DateTime.UtcNow < deadline)
        {
            var next = await subscriber.NextAsync(TimeSpan.FromSeconds(15));
            if (next?["method"]?.GetValue<string>() == "notifications/resources/updated")
            {
                update = next;
            }
        }

        Assert.Equal(uri, update?["params"]?["uri"]?.GetValue<string>());
        // No signal exists for "the bystander was skipped" (docs/testing.md): its stream is read for a second.
        Assert.NotEqual("notifications/resources/updated", await bystander.NextMethodAsync(TimeSpan.FromSeconds(1)));

        var (_, unsubscribed, _) = await raw.SendAsync(subscriber.Request(raw, "resources/unsubscribe", new JsonObject { ["uri"] = uri }));
        Assert.NotNull(unsubscribed!["result"]);
    }

    [Fact]
    public async Task Subscribe_WithoutASession_OrToAnUnknownResource_IsAnError()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio());
        using var raw = new RawMcp(gateway.McpEndpoint);
        var (_, stateless, _) = await raw.SendAsync(raw.Stateless2026("resources/subscribe", new JsonObject { ["uri"] = "hello://greeting" }));
        Assert.Equal(-32601, RawMcp.ErrorCode(stateless));

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var session = await SessionStream.OpenAsync(http, gateway.McpEndpoint);
        var (_, unknown, _) = await raw.SendAsync(session.Request(raw, "resources/subscribe", new JsonObject { ["uri"] = "nope://x" }));
        Assert.Equal(-32002, RawMcp.ErrorCode(unknown));
    }

    [Fact]
    public async Task Subscribe_ToABackendOn2026_GoesThroughItsSubscriptionsListenStream()
    {
        // Revision 2026-07-28 has no resources/subscribe: the gateway asks the backend with subscriptions/listen.
        await using var gateway = await GatewayHost.StartAsync(
            "  - name: conf\n    transport: stdio\n    command: [dotnet, \"${APP_DIR}/Conformance.dll\", --stdio]\n    protocol_version: \"2026-07-28\"\n    discovery_timeout_seconds: 20\n");
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        using var raw = new RawMcp(gateway.McpEndpoint);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var session = await SessionStream.OpenAsync(http, gateway.McpEndpoint);

        var (_, subscribed, _) = await raw.SendAsync(session.Request(raw, "resources/subscribe", new JsonObject { ["uri"] = "test://watched-resource" }));
        Assert.NotNull(subscribed?["result"]);
        var (_, unsubscribed, _) = await raw.SendAsync(session.Request(raw, "resources/unsubscribe", new JsonObject { ["uri"] = "test://watched-resource" }));
        Assert.NotNull(unsubscribed?["result"]);
    }
}
