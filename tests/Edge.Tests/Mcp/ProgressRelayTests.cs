using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Progress notifications of a backend reach the client that made the call, with the client's own token: the answer
/// turns into an event stream carrying them before the result.
/// </summary>
public sealed class ProgressRelayTests
{
    private static async Task<(List<JsonObject> Notifications, JsonObject? Response, string? MediaType)> CallWithProgressAsync(
        RawMcp raw, string tool, JsonObject arguments, JsonNode token)
    {
        var request = raw.Stateless2026("tools/call", new JsonObject
        {
            ["name"] = tool,
            ["arguments"] = arguments,
            ["_meta"] = new JsonObject { ["progressToken"] = token },
        });
        var (_, _, response) = await raw.SendAsync(request);
        var messages = SseEvent.Messages(await response.Content.ReadAsStringAsync());
        return (messages.Where(m => m["method"] is not null).ToList(), messages.LastOrDefault(m => m["id"] is not null), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task StatelessHttpBackend_ProgressIsStreamedBeforeTheResult()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync($"  - name: rec\n    transport: streamable-http\n    url: {backend.Endpoint}\n");
        using var raw = new RawMcp(gateway.McpEndpoint);

        var (notifications, response, mediaType) = await CallWithProgressAsync(raw, "rec.progress", new JsonObject(), "my-token");
        Assert.Equal("text/event-stream", mediaType);
        Assert.Equal([1, 2, 3], notifications.Select(n => n["params"]!["progress"]!.GetValue<int>()));
        Assert.All(notifications, n => Assert.Equal("my-token", n["params"]!["progressToken"]!.GetValue<string>()));
        Assert.Equal("recorded", response!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        // Without a progress token the answer stays plain JSON.
        var (status, plain, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "rec.progress", ["arguments"] = new JsonObject() }));
        Assert.Equal(200, status);
        Assert.Equal("recorded", plain!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task StdioBackend_ConcurrentCallersWithTheSameToken_EachGetOnlyTheirOwnProgress()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Everything());
        await ConcurrentCallersGetTheirOwnProgressAsync(gateway);
    }

    /// <summary>
    /// The reference server over Streamable HTTP (stateful, event streams): calls on the shared session go through the
    /// gateway's direct session channel, which relays what arrives on the call's stream before its result.
    /// </summary>
    [Fact]
    public async Task StatefulHttpBackend_ConcurrentCallersWithTheSameToken_EachGetOnlyTheirOwnProgress()
    {
        await using var backend = await EverythingHttpBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(backend.Config());
        await ConcurrentCallersGetTheirOwnProgressAsync(gateway);
    }

    private static async Task ConcurrentCallersGetTheirOwnProgressAsync(GatewayHost gateway)
    {
        using var raw = new RawMcp(gateway.McpEndpoint);

        var slow = new JsonObject { ["duration"] = 1.5, ["steps"] = 3 };
        var fast = new JsonObject { ["duration"] = 0.4, ["steps"] = 4 };
        var results = await Task.WhenAll(
            CallWithProgressAsync(raw, "everything.trigger-long-running-operation", slow, 1),
            CallWithProgressAsync(raw, "everything.trigger-long-running-operation", fast, 1));

        foreach (var ((notifications, response, _), total) in results.Zip([3, 4]))
        {
            Assert.NotNull(response?["result"]);

            // Every notification, the last one included: the transport under the shared SDK session relays each
            // progress notification before it hands on the response that follows it.
            Assert.Equal(total, notifications.Count);
            Assert.All(notifications, n =>
            {
                Assert.Equal(1, n["params"]!["progressToken"]!.GetValue<int>());
                Assert.Equal(total, n["params"]!["total"]!.GetValue<int>());
            });
        }
    }
}
