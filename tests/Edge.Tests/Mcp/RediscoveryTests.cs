using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// A periodic re-discovery that fails or times out while the backend is still connected keeps the backend's last good
/// entries: callers never see "Unknown tool" meanwhile, and the failure is reported. Only a backend whose discovery
/// keeps failing (<c>GATEWAY_DISCOVERY_FAILURES_TO_DROP</c> times in a row) leaves the catalogue, and comes back once
/// discovered again. The backend is a real small MCP server whose listing fails or hangs on demand while its calls work.
/// </summary>
public sealed class RediscoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private GuardedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await GuardedBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private async Task<GatewayHost> StartAsync(int failuresToDrop, GuardedBackend? backend = null)
    {
        var gateway = await GatewayHost.StartAsync(
            $"""
              - name: guarded
                transport: streamable-http
                url: {(backend ?? _backend).Endpoint}
                discovery_timeout_seconds: 1

            """,
            new Dictionary<string, string>
            {
                ["GATEWAY_DISCOVERY_INTERVAL_SECONDS"] = "1",
                ["GATEWAY_DISCOVERY_FAILURES_TO_DROP"] = failuresToDrop.ToString(),
            });
        using var discovered = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await gateway.WaitForToolAsync("guarded.work", discovered.Token);
        return gateway;
    }

    private static BackendHealth Health(GatewayHost gateway) =>
        gateway.Services.GetRequiredService<ICatalogue>().Health.Single(h => h.Backend == "guarded");

    private static JsonObject Work() => new() { ["name"] = "guarded.work", ["arguments"] = new JsonObject() };

    [Theory]
    [InlineData(ListingFault.Error)]
    [InlineData(ListingFault.Hang)]
    public async Task FailedRediscovery_OfAConnectedBackend_KeepsItsToolsForEveryCaller(ListingFault fault)
    {
        await using var gateway = await StartAsync(failuresToDrop: 1000);
        var catalogue = gateway.Services.GetRequiredService<ICatalogue>();

        // Callers busy all along: each call and each listing must find the tool.
        using var stop = new CancellationTokenSource();
        var problems = new ConcurrentQueue<string>();
        var servedDuringFault = 0;
        var faulty = false;
        var callers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            using var raw = new RawMcp(gateway.McpEndpoint);
            while (!stop.IsCancellationRequested)
            {
                var during = Volatile.Read(ref faulty);
                var (_, call, _) = await raw.SendAsync(raw.Stateless2026("tools/call", Work()));
                if (call?["result"]?["content"]?[0]?["text"]?.GetValue<string>() != "done")
                {
                    problems.Enqueue($"call: {call?.ToJsonString()}");
                }

                var (_, list, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
                if (list?["result"]?["tools"]?.AsArray().Any(t => t!["name"]!.GetValue<string>() == "guarded.work") != true)
                {
                    problems.Enqueue($"list: {list?.ToJsonString()}");
                }

                if (during && Volatile.Read(ref faulty))
                {
                    Interlocked.Increment(ref servedDuringFault);
                }
            }
        })).ToList();

        var before = _backend.Listings;
        _backend.Listing = fault;
        Volatile.Write(ref faulty, true);

        // Several periodic re-discoveries fail (reported as today), and the tool stays.
        await Eventually.UntilAsync(() => _backend.Listings >= before + 3 && Health(gateway).State == BackendState.Unavailable, "re-discoveries failed", Patience);
        Assert.NotNull(Health(gateway).LastError);
        Assert.NotNull(catalogue.Current.FindTool("guarded.work"));

        // The node still serves its only backend: ready, degraded by that backend.
        using (var http = new HttpClient())
        using (var ready = await http.GetAsync(new Uri(gateway.BaseAddress, "/health/ready")))
        {
            Assert.Equal(200, (int)ready.StatusCode);
            var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Equal("degraded", body["status"]!.GetValue<string>());
            Assert.Contains(body["degraded"]!.AsArray(), d => d!.GetValue<string>() == "backend:guarded");
        }

        _backend.Listing = ListingFault.None;
        await Eventually.UntilAsync(() => Health(gateway).State == BackendState.Healthy, "the backend is discovered again", Patience);
        Volatile.Write(ref faulty, false);
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.Empty(problems);
        Assert.True(servedDuringFault > 0);
    }

    /// <summary>A backend whose server is gone leaves at its next discovery, whatever the threshold.</summary>
    [Fact]
    public async Task BackendThatIsGone_LeavesAtItsNextDiscovery()
    {
        var gone = await GuardedBackend.StartAsync();
        await using var gateway = await StartAsync(failuresToDrop: 1000, gone);
        var catalogue = gateway.Services.GetRequiredService<ICatalogue>();

        await gone.DisposeAsync();
        await Eventually.UntilAsync(() => catalogue.Current.FindTool("guarded.work") is null, "the backend leaves the catalogue", Patience);
        Assert.Equal(BackendState.Unavailable, Health(gateway).State);
    }

    [Fact]
    public async Task RediscoveryFailingTooOftenInARow_DropsTheBackend_UntilItIsDiscoveredAgain()
    {
        await using var gateway = await StartAsync(failuresToDrop: 2);
        var catalogue = gateway.Services.GetRequiredService<ICatalogue>();
        using var raw = new RawMcp(gateway.McpEndpoint);

        _backend.Listing = ListingFault.Error;
        await Eventually.UntilAsync(() => catalogue.Current.FindTool("guarded.work") is null, "the backend leaves the catalogue", Patience);
        Assert.Equal(BackendState.Unavailable, Health(gateway).State);
        Assert.Contains("Listing failed", Health(gateway).LastError, StringComparison.Ordinal);
        var (_, refused, _) = await raw.SendAsync(raw.Stateless2026("tools/call", Work()));
        Assert.Equal(-32602, RawMcp.ErrorCode(refused));

        _backend.Listing = ListingFault.None;
        await Eventually.UntilAsync(() => catalogue.Current.FindTool("guarded.work") is not null, "the backend is back", Patience);
        var (_, served, _) = await raw.SendAsync(raw.Stateless2026("tools/call", Work()));
        Assert.Equal("done", served!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }
}
