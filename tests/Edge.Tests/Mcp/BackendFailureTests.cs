using System.Text.Json.Nodes;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Backends that hang, die mid-call or are down: the caller gets a clear error, the node keeps serving the others,
/// and a dead stdio backend is restarted. The failing backend is a small real MCP server (tests/node/fake-backend.mjs).
/// </summary>
public sealed class BackendFailureTests(BackendFailureTests.Fixture fixture) : IClassFixture<BackendFailureTests.Fixture>, IDisposable
{
    private readonly RawMcp _raw = new(fixture.Gateway.McpEndpoint);

    public void Dispose() => _raw.Dispose();

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHost Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var fake = Path.Combine(RepoPaths.NodeTools, "fake-backend.mjs");
            var down = FreePort.Next();
            Gateway = await GatewayHost.StartAsync(
                GatewayHost.HelloStdio() + $"""
                  - name: fake
                    transport: stdio
                    command: [node, "{fake}"]
                    timeout_seconds: 1.5
                  - name: down
                    transport: streamable-http
                    url: http://127.0.0.1:{down}/mcp
                    discovery_timeout_seconds: 1
                """);

            // The stdio backends are discovered in the background: the tests start once both are served.
            using var discovered = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await Gateway.WaitForToolAsync("fake.crash", discovered.Token);
            await Gateway.WaitForToolAsync("hello.echo", discovered.Token);
        }

        public Task DisposeAsync() => Gateway.DisposeAsync().AsTask();
    }

    private Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> CallAsync(string tool) =>
        _raw.SendAsync(_raw.Stateless2026("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() }));

    [Fact]
    public async Task HangingBackend_TimesOutWithBackendTimeout()
    {
        var (status, body, _) = await CallAsync("fake.hang");
        Assert.Equal(200, status);
        Assert.Equal(-32011, RawMcp.ErrorCode(body));
        Assert.Contains("did not answer within 1.5 s", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendKilledMidCall_AnswersUnavailable_ThenRestartsTheBackend()
    {
        var (status, body, _) = await CallAsync("fake.crash");
        Assert.Equal(200, status);
        Assert.Contains(RawMcp.ErrorCode(body), new[] { -32010, -32011 });

        // The node still serves the healthy backend while the fake one is restarted.
        var (_, hello, _) = await _raw.SendAsync(_raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "still here" } }));
        Assert.Equal("still here", hello!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        await Eventually.ValueAsync(
            async () => (await CallAsync("fake.ok")).Body?["result"]?["content"]?[0]?["text"]?.GetValue<string>(),
            text => text == "ok",
            "fake.ok to be served again (the backend restarted)",
            TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ClientCancellation_StopsTheCall_BeforeTheBackendTimeout()
    {
        var inFlight = fixture.Gateway.Services.GetRequiredService<InFlightRequests>();
        var call = _raw.SendAsync(_raw.Stateless2026("tools/call", new JsonObject { ["name"] = "fake.hang", ["arguments"] = new JsonObject() }, id: 77));
        // Cancelled once the node tracks the call (a cancellation that comes first finds nothing to stop).
        await Eventually.UntilAsync(() => inFlight.Count > 0, "the call to be in flight");
        var cancel = _raw.Post("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":77,"reason":"user"}}""");
        cancel.Headers.Add("MCP-Protocol-Version", RawMcp.Stateless);
        cancel.Headers.Add("Mcp-Method", "notifications/cancelled");
        Assert.Equal(202, (await _raw.SendAsync(cancel)).Status);

        var (_, body, _) = await call;
        // Cancelled (-32013), not the backend timeout (-32011, after 1.5 s) the hanging call would otherwise end with.
        Assert.Equal(-32013, RawMcp.ErrorCode(body));
    }

    [Fact]
    public async Task DownBackend_IsLeftOutAndReported_WhileTheOthersWork()
    {
        var (_, list, _) = await _raw.SendAsync(_raw.Stateless2026("tools/list"));
        var names = list!["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("hello.echo", names);
        Assert.Contains("fake.ok", names);
        Assert.DoesNotContain(names, n => n.StartsWith("down.", StringComparison.Ordinal));

        using var http = new HttpClient();
        var health = JsonNode.Parse(await http.GetStringAsync(new Uri(fixture.Gateway.BaseAddress, "/health/ready")))!;
        Assert.Equal("degraded", health["status"]!.GetValue<string>());
        var down = health["backends"]!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "down")!;
        Assert.Equal("unavailable", down["state"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(down["lastError"]?.GetValue<string>()));
    }

    [Fact]
    public async Task CallToADownBackendsTool_IsUnknown()
    {
        var (_, body, _) = await CallAsync("down.anything");
        Assert.Equal(-32602, RawMcp.ErrorCode(body));
    }
}
