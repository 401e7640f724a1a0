using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static McpGateway.Edge.Tests.Traffic.RateLimitTests;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Edge.Tests.Traffic;

/// <summary>Concurrency caps and circuit breakers through a real node, against a backend that counts what reaches it.</summary>
public sealed class GuardTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private GuardedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await GuardedBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private Task<GatewayHost> StartAsync(string toolSettings, string backendSettings = "", bool fakeClock = false) => GatewayHost.StartAsync(
        $"""
          - name: guarded
            transport: streamable-http
            url: {_backend.Endpoint}
            timeout_seconds: 60
            {backendSettings}
            tools:
              work: {toolSettings}

        """,
        services: fakeClock ? services => services.AddSingleton<TimeProvider>(_clock) : null);

    [Fact]
    public async Task HundredsOfConcurrentCallers_TheBackendNeverSeesMoreThanTheCap()
    {
        await using var gateway = await StartAsync("{ max_concurrency: 4, queue_length: 1000, queue_timeout_seconds: 600 }");
        _backend.Hold = TimeSpan.FromMilliseconds(5);
        using var raw = new RawMcp(gateway.McpEndpoint);
        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ => (await raw.SendAsync(Call(raw))).Body));

        Assert.All(answers, a => Assert.NotNull(a!["result"]));
        Assert.Equal(300, _backend.Calls);
        Assert.InRange(_backend.MaxInFlight, 1, 4);
    }

    [Fact]
    public async Task FullQueue_IsRefusedAtOnce_WithItsOwnError()
    {
        await using var gateway = await StartAsync("{ max_concurrency: 1, queue_length: 1 }");
        using var raw = new RawMcp(gateway.McpEndpoint);
        _backend.CloseGate();
        var holding = raw.SendAsync(Call(raw));
        await Eventually.UntilAsync(() => _backend.InFlight == 1, "the first call to reach the backend", Patience);
        var queued = raw.SendAsync(Call(raw));
        await Eventually.UntilAsync(async () => (await AdminToolAsync(gateway))?["concurrency"]?["queued"]?.GetValue<int>() == 1, "one call queued in /admin/limits", Patience);

        var (status, body, response) = await raw.SendAsync(Call(raw));
        Assert.Equal(200, status);
        Assert.Equal(-32028, RawMcp.ErrorCode(body));
        Assert.Equal("queue_full", body!["error"]!["data"]!["reason"]!.GetValue<string>());
        Assert.Contains("1 in flight and 1 waiting", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("1", Header(response, "Retry-After"));

        _backend.Release();
        Assert.NotNull((await holding).Body!["result"]);
        Assert.NotNull((await queued).Body!["result"]);
        Assert.Equal(2, _backend.Calls);
        Assert.Equal(1, _backend.MaxInFlight);
    }

    /// <summary>
    /// A failing backend opens the breaker after three failures; while open, calls are refused and none reaches it; after
    /// the break exactly one probe does, even with many callers at once; its failure reopens, a later success closes.
    /// </summary>
    [Fact]
    public async Task FailingBackend_OpensTheBreaker_ZeroCallsWhileOpen_ThenExactlyOneProbe()
    {
        await using var gateway = await StartAsync("", "circuit_breaker: { consecutive_failures: 3, break_seconds: 30 }", fakeClock: true);
        using var raw = new RawMcp(gateway.McpEndpoint);
        _backend.Failing = true;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(-32010, RawMcp.ErrorCode((await raw.SendAsync(Call(raw))).Body));
        }

        var (_, open, response) = await raw.SendAsync(Call(raw));
        Assert.Equal(-32027, RawMcp.ErrorCode(open));
        var data = open!["error"]!["data"]!;
        Assert.Equal("circuit_open", data["reason"]!.GetValue<string>());
        Assert.Equal("guarded", data["backend"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:00:30.000Z", data["retryAt"]!.GetValue<string>());
        Assert.StartsWith("Backend 'guarded' is failing", open["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("30", Header(response, "Retry-After"));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(-32027, RawMcp.ErrorCode((await raw.SendAsync(Call(raw))).Body));
        }

        Assert.Equal(3, _backend.Calls);
        Assert.Equal("open", (await AdminToolAsync(gateway))!["breaker"]!["state"]!.GetValue<string>());

        // The break is over: the first call probes (and fails), the breaker opens again.
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(-32010, RawMcp.ErrorCode((await raw.SendAsync(Call(raw))).Body));
        Assert.Equal(4, _backend.Calls);
        Assert.Equal(-32027, RawMcp.ErrorCode((await raw.SendAsync(Call(raw))).Body));
        Assert.Equal(4, _backend.Calls);

        // Next break over, backend healthy again but slow: many callers at once, one probe reaches it.
        _clock.Advance(TimeSpan.FromSeconds(30));
        _backend.Failing = false;
        _backend.CloseGate();
        var calls = Enumerable.Range(0, 20).Select(_ => raw.SendAsync(Call(raw))).ToList();
        await Eventually.UntilAsync(() => _backend.InFlight == 1 && calls.Count(c => c.IsCompleted) == 19, "one call at the backend and the 19 others answered", Patience);
        Assert.Equal(5, _backend.Calls);
        _backend.Release();
        var codes = (await Task.WhenAll(calls)).Select(c => RawMcp.ErrorCode(c.Body)).ToList();
        Assert.Equal(1, codes.Count(c => c == 0));
        Assert.Equal(19, codes.Count(c => c == -32027));

        // The probe succeeded: closed, calls pass again.
        Assert.NotNull((await raw.SendAsync(Call(raw))).Body!["result"]);
        Assert.Equal(6, _backend.Calls);
        Assert.Equal("closed", (await AdminToolAsync(gateway))!["breaker"]!["state"]!.GetValue<string>());
    }

    private static async Task<JsonNode?> AdminToolAsync(GatewayHost gateway)
    {
        using var http = new HttpClient();
        var limits = JsonNode.Parse(await http.GetStringAsync(new Uri(gateway.BaseAddress, "/admin/limits")))!;
        return limits["tools"]!.AsArray().FirstOrDefault(t => t!["tool"]!.GetValue<string>() == "guarded.work");
    }
}
