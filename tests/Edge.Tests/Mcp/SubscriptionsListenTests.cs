using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary><c>subscriptions/listen</c> of the stateless revision: acknowledgement, then list changes and resource updates.</summary>
public sealed class SubscriptionsListenTests
{
    [Fact]
    public async Task Listen_AcknowledgesWhatItCanDeliver_ThenDeliversItTagged()
    {
        var fake = Path.Combine(RepoPaths.NodeTools, "fake-backend.mjs");
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Everything() + $"""
              - name: fake
                transport: stdio
                command: [node, "{fake}"]
                discovery_timeout_seconds: 15

            """);
        using var raw = new RawMcp(gateway.McpEndpoint);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var (_, resources, _) = await raw.SendAsync(raw.Stateless2026("resources/list"));
        var uri = resources!["result"]!["resources"]![0]!["uri"]!.GetValue<string>();

        var listen = raw.Stateless2026("subscriptions/listen", new JsonObject
        {
            ["notifications"] = new JsonObject
            {
                ["toolsListChanged"] = true,
                ["resourceSubscriptions"] = new JsonArray(uri, "nope://missing"),
            },
        }, id: "sub-1");
        using var response = await http.SendAsync(listen, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = new SessionStream("", await SseReader.OfAsync(response));

        var ack = await stream.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("notifications/subscriptions/acknowledged", ack?["method"]?.GetValue<string>());
        Assert.True(ack!["params"]!["notifications"]!["toolsListChanged"]!.GetValue<bool>());
        Assert.Null(ack["params"]!["notifications"]!["promptsListChanged"]);
        Assert.Equal([uri], ack["params"]!["notifications"]!["resourceSubscriptions"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal("sub-1", ack["params"]!["_meta"]!["io.modelcontextprotocol/subscriptionId"]!.GetValue<string>());

        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "fake.add_tool", ["arguments"] = new JsonObject() }));
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "everything.toggle-subscriber-updates", ["arguments"] = new JsonObject() }));

        var seen = new Dictionary<string, JsonObject>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (seen.Count < 2 && DateTime.UtcNow < deadline)
        {
            if (await stream.NextAsync(TimeSpan.FromSeconds(20)) is { } message)
            {
                seen[message["method"]!.GetValue<string>()] = message;
            }
        }

        Assert.Equal("sub-1", seen["notifications/tools/list_changed"]["params"]!["_meta"]!["io.modelcontextprotocol/subscriptionId"]!.GetValue<string>());
        Assert.Equal(uri, seen["notifications/resources/updated"]["params"]!["uri"]!.GetValue<string>());
        Assert.DoesNotContain("notifications/prompts/list_changed", seen.Keys);
    }
}
