using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Traffic;

/// <summary>Traffic control across several real gateway processes sharing one PostgreSQL: one Orleans cluster, whose traffic grains lease to each node.</summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class ClusterTrafficTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private IEnumerable<Uri> Three => cluster.Nodes.Take(3);

    /// <summary>
    /// Far more than the limit (600 per minute, burst 10) offered through three nodes by 30 callers, for five seconds
    /// after the first admission: never more admitted than <c>burst + rate · t</c>, and at least 90 % of it. Before the
    /// load each node answers a call of another tool of the backend: a node's first call pays for connections, code
    /// paths and grain calls that are no part of rate limiting and would otherwise eat the window (seconds on a loaded
    /// machine). The bucket is made by the first lease, just before the first admission: the upper bound counts from
    /// the start of the load (before it), the lower bound from the first admitted answer to the last call sent.
    /// </summary>
    [Fact]
    public async Task ThreeNodes_AdmitNoMoreThanTheLimit_AndAtLeastNinetyPercentOfIt()
    {
        const int burst = 10;
        const double perSecond = 10;
        var load = TimeSpan.FromSeconds(5);
        foreach (var node in Three)
        {
            Assert.NotNull((await SendAsync(node, "rated.filler-0"))!["result"]);
        }

        var before = cluster.Rated.Calls;
        var firstAdmitted = long.MaxValue;
        var lastSent = 0L;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        var admitted = await Task.WhenAll(Three.SelectMany(node => Enumerable.Range(0, 10).Select(async _ =>
        {
            using var raw = new RawMcp(new Uri(node, "/mcp"));
            var count = 0;
            while (clock.Elapsed < Patience && (Volatile.Read(ref firstAdmitted) == long.MaxValue || clock.Elapsed.Ticks - Volatile.Read(ref firstAdmitted) < load.Ticks))
            {
                Raise(ref lastSent, clock.Elapsed.Ticks);
                var (_, body, _) = await raw.SendAsync(Call(raw, "rated.work"));
                if (body!["error"] is { } error)
                {
                    Assert.Equal(-32029, error["code"]!.GetValue<int>());
                    Interlocked.Increment(ref refused);
                    continue;
                }

                Assert.NotNull(body["result"]);
                Lower(ref firstAdmitted, clock.Elapsed.Ticks);
                count++;
            }

            return count;
        })));
        var seconds = clock.Elapsed.TotalSeconds;

        var total = admitted.Sum();
        Assert.NotEqual(long.MaxValue, firstAdmitted);
        var window = TimeSpan.FromTicks(lastSent - firstAdmitted).TotalSeconds;
        var offered = $"{total} admitted and {refused} refused in {seconds:0.00} s (first admitted at {TimeSpan.FromTicks(firstAdmitted).TotalSeconds:0.00} s, last sent at {TimeSpan.FromTicks(lastSent).TotalSeconds:0.00} s)";
        Assert.Equal(total, cluster.Rated.Calls - before);
        Assert.True(total <= burst + (perSecond * seconds), $"{offered}; the limit allows {burst + (perSecond * seconds):0.0}");
        Assert.True(total >= 0.9 * (burst + (perSecond * window)), $"{offered}; the limit from the first admission to the last call is {burst + (perSecond * window):0.0}, 90 % of it {0.9 * (burst + (perSecond * window)):0.0}");

        using var http = new HttpClient();
        foreach (var node in Three)
        {
            var limits = JsonNode.Parse(await http.GetStringAsync(new Uri(node, "/admin/limits")))!;
            Assert.Equal("orleans", limits["engine"]!.GetValue<string>());
            var metrics = await http.GetStringAsync(new Uri(node, "/metrics"));
            Assert.Matches("mcpgw_admission_grain_calls_total\\{engine=\"orleans\"\\} [1-9]", metrics);
        }
    }

    /// <summary>Hundreds of callers spread over three nodes: the backend never has more than the cap in flight.</summary>
    [Fact]
    public async Task ThreeNodes_TheBackendNeverSeesMoreThanTheCap()
    {
        cluster.Capped.Hold = TimeSpan.FromMilliseconds(10);
        var answers = await Task.WhenAll(Three.SelectMany(node => Enumerable.Range(0, 100).Select(async _ =>
        {
            using var raw = new RawMcp(new Uri(node, "/mcp"));
            return (await raw.SendAsync(Call(raw, "capped.work"))).Body;
        })));

        Assert.All(answers, a => Assert.True(a!["result"] is not null, a.ToJsonString()));
        Assert.Equal(300, cluster.Capped.Calls);
        Assert.InRange(cluster.Capped.MaxInFlight, 1, 3);
    }

    /// <summary>
    /// Failures seen by one node open the breaker on every node: none of them calls the backend while it is open; after
    /// the break exactly one probe reaches it, whichever nodes are asked, and its success closes the breaker everywhere.
    /// </summary>
    [Fact]
    public async Task FailuresOnOneNode_OpenTheBreakerOnAll_ThenExactlyOneProbe()
    {
        var backend = cluster.Breaking;
        var nodes = Three.ToList();
        foreach (var node in nodes)
        {
            Assert.NotNull((await SendAsync(node, "breaking.work"))!["result"]);
        }

        backend.Failing = true;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(-32010, RawMcp.ErrorCode(await SendAsync(nodes[0], "breaking.work")));
        }

        foreach (var node in nodes)
        {
            await Eventually.UntilAsync(async () => await BreakerStateAsync(node, "breaking.work") is "open" or "half_open", "the breaker to open on every node", Patience);
        }

        var reached = backend.Calls;
        foreach (var node in nodes)
        {
            var error = await SendAsync(node, "breaking.work");
            if (RawMcp.ErrorCode(error) != -32027)
            {
                // Only once the 3 s break is over may a node probe (and the backend still fails).
                Assert.Equal("half_open", await BreakerStateAsync(node, "breaking.work"));
            }
        }

        // Wait for the break to be over everywhere, then ask all three nodes at once with the backend healthy but held.
        foreach (var node in nodes)
        {
            await Eventually.UntilAsync(async () => await BreakerStateAsync(node, "breaking.work") == "half_open", "the breaker to be half-open", Patience);
        }

        Assert.InRange(backend.Calls - reached, 0, 1); // at most a probe so far, which failed and reopened it
        if (backend.Calls > reached)
        {
            reached = backend.Calls;
            foreach (var node in nodes)
            {
                await Eventually.UntilAsync(async () => await BreakerStateAsync(node, "breaking.work") == "half_open", "the breaker to be half-open", Patience);
            }
        }

        backend.Failing = false;
        backend.CloseGate();
        var calls = nodes.SelectMany(node => Enumerable.Range(0, 10).Select(_ => SendAsync(node, "breaking.work"))).ToList();
        await Eventually.UntilAsync(() => backend.InFlight == 1 && calls.Count(c => c.IsCompleted) == calls.Count - 1, "one probe at the backend and every other call answered", Patience);
        Assert.Equal(reached + 1, backend.Calls);
        backend.Release();
        var codes = (await Task.WhenAll(calls)).Select(RawMcp.ErrorCode).ToList();
        Assert.Equal(1, codes.Count(c => c == 0));
        Assert.Equal(calls.Count - 1, codes.Count(c => c == -32027));

        foreach (var node in nodes)
        {
            await Eventually.UntilAsync(async () => await BreakerStateAsync(node, "breaking.work") == "closed", "the breaker to close", Patience);
            Assert.NotNull((await SendAsync(node, "breaking.work"))!["result"]);
        }
    }

    /// <summary>A node killed (SIGKILL) while holding every slot of a cap: its share comes back once its lease expires.</summary>
    [Fact]
    public async Task KilledNode_ItsSlotsComeBackAfterTheLease()
    {
        var backend = cluster.Leased;
        var victim = cluster.Nodes[3];
        backend.CloseGate();
        var held = Enumerable.Range(0, 2).Select(_ => SendAsync(victim, "leased.work")).ToList();
        await Eventually.UntilAsync(() => backend.InFlight == 2, "two calls at the backend", Patience);

        cluster.Processes[3].KillHard();
        await cluster.Processes[3].Exited;
        backend.Release();
        await Eventually.UntilAsync(() => backend.InFlight == 0, "no call at the backend", Patience);

        backend.CloseGate();
        // The tool's guard grain or the user's quota grain may have lived on the killed silo: until the survivors declare it dead, a call that
        // needs the grain is answered 503 "Store unavailable" (documented); a client retries it.
        var survivors = Enumerable.Range(0, 2).Select(_ => SendUntilAdmittedAsync(cluster.Nodes[0], "leased.work")).ToList();
        await Eventually.UntilAsync(() => backend.InFlight == 2 || survivors.Any(s => s.IsCompleted), "two survivors' calls at the backend", Patience);
        backend.Release();
        Assert.All(await Task.WhenAll(survivors), a => Assert.NotNull(a!["result"]));
        Assert.Equal(2, backend.MaxInFlight);
        _ = held;
    }

    private static void Raise(ref long value, long to)
    {
        long seen;
        while ((seen = Volatile.Read(ref value)) < to && Interlocked.CompareExchange(ref value, to, seen) != seen)
        {
        }
    }

    private static void Lower(ref long value, long to)
    {
        long seen;
        while ((seen = Volatile.Read(ref value)) > to && Interlocked.CompareExchange(ref value, to, seen) != seen)
        {
        }
    }

    private static HttpRequestMessage Call(RawMcp raw, string tool) =>
        raw.Stateless2026("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() });

    private static async Task<JsonObject?> SendAsync(Uri node, string tool)
    {
        using var raw = new RawMcp(new Uri(node, "/mcp"));
        return (await raw.SendAsync(Call(raw, tool))).Body;
    }

    private static Task<JsonObject?> SendUntilAdmittedAsync(Uri node, string tool) => Eventually.ValueAsync(
        () => SendAsync(node, tool),
        answer => answer?["error"]?["message"]?.GetValue<string>().Contains("Store unavailable", StringComparison.Ordinal) != true,
        $"{tool} admitted on {node}",
        Patience);

    private static async Task<string?> BreakerStateAsync(Uri node, string tool)
    {
        using var http = new HttpClient();
        var limits = JsonNode.Parse(await http.GetStringAsync(new Uri(node, "/admin/limits")))!;
        return limits["tools"]!.AsArray().FirstOrDefault(t => t!["tool"]!.GetValue<string>() == tool)?["breaker"]?["state"]?.GetValue<string>();
    }
}
