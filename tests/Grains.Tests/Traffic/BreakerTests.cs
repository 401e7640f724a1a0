using McpGateway.Core.Traffic;

namespace McpGateway.Grains.Tests.Traffic;

/// <summary>A tool's circuit breaker shared by the nodes through its guard grain and their observers.</summary>
public sealed class BreakerTests
{
    private const string Key = "tool:b/breaking";

    private static readonly BreakerSettings Settings = new() { ConsecutiveFailures = 3, BreakDuration = TimeSpan.FromSeconds(30) };

    /// <summary>Failures seen by one node open the breaker on all three; after the break one probe closes it everywhere.</summary>
    [Fact]
    public async Task FailuresOnOneNode_OpenItEverywhere_AndAProbeClosesItEverywhere()
    {
        await using var cluster = await TrafficCluster.StartAsync(3);
        var breakers = Enumerable.Range(0, 3).Select(i => cluster.Engine(i).Breaker(Key, Settings)).ToList();
        await Eventually.TrueAsync(async () => (await cluster.Guard(Key).Status()).Observers == 3, "every node subscribed");

        await TripAsync(breakers[0]);
        await Eventually.TrueAsync(() => breakers.All(b => b.State == BreakerState.Open), "every node sees the breaker open");
        foreach (var breaker in breakers)
        {
            var refused = await breaker.TryPassAsync(default);
            Assert.False(refused.Allowed);
            Assert.Equal(cluster.Clock.GetUtcNow() + Settings.BreakDuration, refused.RetryAt);
        }

        cluster.Clock.Advance(Settings.BreakDuration);
        Assert.All(breakers, b => Assert.Equal(BreakerState.HalfOpen, b.State));
        var passes = await Task.WhenAll(breakers.Select(b => b.TryPassAsync(default).AsTask()));
        Assert.Single(passes, p => p.Allowed);
        var prober = breakers[Array.FindIndex(passes, p => p.Allowed)];
        Assert.True(passes.Single(p => p.Allowed).IsProbe);

        prober.Report(BreakerVerdict.Success, probe: true);
        await Eventually.TrueAsync(() => breakers.All(b => b.State == BreakerState.Closed), "every node sees the breaker closed");
        Assert.False((await cluster.Guard(Key).Status()).Breaker.IsOpen);
        Assert.All(await Task.WhenAll(breakers.Select(b => b.TryPassAsync(default).AsTask())), p => Assert.True(p.Allowed));
    }

    /// <summary>A failed probe opens the breaker again for another break, on every node.</summary>
    [Fact]
    public async Task AFailedProbe_OpensItAgainEverywhere()
    {
        await using var cluster = await TrafficCluster.StartAsync(2);
        var breakers = Enumerable.Range(0, 2).Select(i => cluster.Engine(i).Breaker(Key, Settings)).ToList();
        await Eventually.TrueAsync(async () => (await cluster.Guard(Key).Status()).Observers == 2, "every node subscribed");
        await TripAsync(breakers[1]);
        await Eventually.TrueAsync(() => breakers.All(b => b.State == BreakerState.Open), "every node sees the breaker open");

        cluster.Clock.Advance(Settings.BreakDuration);
        var probe = await breakers[0].TryPassAsync(default);
        Assert.True(probe.IsProbe);
        Assert.False((await breakers[1].TryPassAsync(default)).Allowed);
        breakers[0].Report(BreakerVerdict.Failure, probe: true);

        var reopenedUntil = cluster.Clock.GetUtcNow() + Settings.BreakDuration;
        await Eventually.TrueAsync(() => breakers.All(b => b.State == BreakerState.Open && b.OpenUntil == reopenedUntil), "every node sees it open again");
    }

    /// <summary>
    /// Many attempts on three nodes after the break: exactly one is the probe. Its ticket is persisted (it survives the
    /// guard grain's deactivation); when its node dies, the ticket expires after the break duration and another node probes.
    /// </summary>
    [Fact]
    public async Task ExactlyOneProbe_AndADeadProbersTicketExpires()
    {
        await using var cluster = await TrafficCluster.StartAsync(3);
        var engines = Enumerable.Range(0, 3).Select(i => cluster.Engine(i)).ToList();
        var breakers = engines.Select(e => e.Breaker(Key, Settings)).ToList();
        await TripAsync(breakers[2]);
        await Eventually.TrueAsync(() => breakers.All(b => b.State == BreakerState.Open), "every node sees the breaker open");
        cluster.Clock.Advance(Settings.BreakDuration);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => breakers[i % 3].TryPassAsync(default).AsTask()));
        Assert.Single(attempts, a => a.Allowed);
        var prober = Array.FindIndex(attempts, a => a.Allowed) % 3;
        var guard = cluster.Guard(Key);
        Assert.Equal(engines[prober].Holder, (await guard.Status()).ProbeHolder);

        // The ticket is durable: a new activation of the guard still refuses every other node.
        await cluster.Cluster.DeactivateAsync(guard);
        Assert.Equal(engines[prober].Holder, (await guard.Status()).ProbeHolder);
        var others = Enumerable.Range(0, 3).Where(i => i != prober).ToList();

        // The prober dies before its verdict: nobody else probes until its ticket expires.
        await engines[prober].AbandonAsync();
        foreach (var other in others)
        {
            cluster.Clock.Advance(TimeSpan.FromSeconds(2)); // past the local wait before a node asks the grain again
            Assert.False((await breakers[other].TryPassAsync(default)).Allowed);
        }

        cluster.Clock.Advance(Settings.BreakDuration);
        var retries = await Task.WhenAll(others.Select(i => breakers[i].TryPassAsync(default).AsTask()));
        Assert.Single(retries, r => r.Allowed);
    }

    /// <summary>A node that starts using a breaker while it is open learns the state from its subscription.</summary>
    [Fact]
    public async Task ANodeThatComesLater_StartsFromTheSharedState()
    {
        await using var cluster = await TrafficCluster.StartAsync(2);
        var first = cluster.Engine(0).Breaker(Key, Settings);
        await TripAsync(first);
        await Eventually.TrueAsync(async () => (await cluster.Guard(Key).Status()).Breaker.IsOpen, "the guard records the trip");

        var later = cluster.Engine(1).Breaker(Key, Settings);
        await Eventually.TrueAsync(() => later.State == BreakerState.Open, "the later node's breaker is open");
        Assert.Equal(first.OpenUntil, later.OpenUntil);
    }

    private static async Task TripAsync(CircuitBreaker breaker)
    {
        for (var i = 0; i < Settings.ConsecutiveFailures; i++)
        {
            Assert.True((await breaker.TryPassAsync(default)).Allowed);
            breaker.Report(BreakerVerdict.Failure, probe: false);
        }

        Assert.Equal(BreakerState.Open, breaker.State);
    }
}
