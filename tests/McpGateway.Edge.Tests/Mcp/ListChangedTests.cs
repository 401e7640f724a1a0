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

        await using var fakeStream = await OpenSessionStreamAsync(http, gateway.ScopedEndpoint("fake"));
        await using var helloStream = await OpenSessionStreamAsync(http, gateway.ScopedEndpoint("hello"));
        await using var allStream = await OpenSessionStreamAsync(http, gateway.McpEndpoint);

        var (_, added, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "fake.add_tool", ["arguments"] = new JsonObject() }));
        Assert.Equal("ok", added!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        Assert.Equal("notifications/tools/list_changed", await fakeStream.NextMethodAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("notifications/tools/list_changed", await allStream.NextMethodAsync(TimeSpan.FromSeconds(20)));
        Assert.Null(await helloStream.NextMethodAsync(TimeSpan.FromSeconds(1)));

        var (_, list, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
        Assert.Contains(list!["result"]!["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "fake.added");
    }

    private static async Task<SessionStream> OpenSessionStreamAsync(HttpClient http, Uri endpoint)
    {
        using var raw = new RawMcp(endpoint);
        var (_, _, response) = await raw.SendAsync(raw.Post("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}"""));
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        var get = new HttpRequestMessage(HttpMethod.Get, endpoint);
        get.Headers.Add("Accept", "text/event-stream");
        get.Headers.Add("Mcp-Session-Id", sessionId);
        get.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        var stream = await http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)stream.StatusCode);
        return new SessionStream(stream, new StreamReader(await stream.Content.ReadAsStreamAsync()));
    }

    private sealed class SessionStream(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
    {
        private Task<string?>? _pending;

        /// <summary>The method of the next message on the stream, or null when none comes within <paramref name="wait"/>.</summary>
        public async Task<string?> NextMethodAsync(TimeSpan wait)
        {
            using var timeout = new CancellationTokenSource(wait);
            while (true)
            {
                _pending ??= reader.ReadLineAsync();
                var done = await Task.WhenAny(_pending, Task.Delay(Timeout.Infinite, timeout.Token).ContinueWith(_ => (string?)null, TaskScheduler.Default));
                if (done != _pending)
                {
                    return null;
                }

                var line = await _pending;
                _pending = null;
                if (line is null)
                {
                    return null;
                }

                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    return JsonNode.Parse(line["data: ".Length..])!["method"]?.GetValue<string>();
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            response.Dispose();
            reader.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
