using McpGateway.Core.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Core.Tests.Traffic;

public sealed class CircuitBreakerTests
{
    private static readonly BreakerSettings Settings = new()
    {
        ConsecutiveFailures = 3,
        FailureRatio = 0.5,
        MinimumCalls = 10,
        Window = TimeSpan.FromSeconds(10),
        BreakDuration = TimeSpan.FromSeconds(30),
    };

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task OpensAfterConsecutiveFailures_RefusesUntilTheBreakEnds_ThenLetsExactlyOneProbeThrough()
    {
        var breaker = new CircuitBreaker(Settings, _clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await breaker.TryPassAsync(default)).Allowed);
            breaker.Report(BreakerVerdict.Failure, probe: false);
        }

        Assert.Equal(BreakerState.Open, breaker.State);
        var refused = await breaker.TryPassAsync(default);
        Assert.False(refused.Allowed);
        Assert.Equal(_clock.GetUtcNow() + Settings.BreakDuration, refused.RetryAt);

        _clock.Advance(Settings.BreakDuration - TimeSpan.FromMilliseconds(1));
        Assert.False((await breaker.TryPassAsync(default)).Allowed);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var probe = await breaker.TryPassAsync(default);
        Assert.True(probe is { Allowed: true, IsProbe: true });
        for (var i = 0; i < 5; i++)
        {
            Assert.False((await breaker.TryPassAsync(default)).Allowed);
        }

        breaker.Report(BreakerVerdict.Success, probe: true);
        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.True(await breaker.TryPassAsync(default) is { Allowed: true, IsProbe: false });
    }

    [Fact]
    public async Task AFailedProbe_OpensItAgainForAnotherBreak()
    {
        var breaker = await OpenedAsync();
        _clock.Advance(Settings.BreakDuration);
        Assert.True((await breaker.TryPassAsync(default)).IsProbe);
        breaker.Report(BreakerVerdict.Failure, probe: true);
        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(_clock.GetUtcNow() + Settings.BreakDuration, breaker.OpenUntil);
        Assert.False((await breaker.TryPassAsync(default)).Allowed);
    }

    [Fact]
    public async Task AProbeThatNeverReachedTheBackend_LetsTheNextCallProbe()
    {
        var breaker = await OpenedAsync();
        _clock.Advance(Settings.BreakDuration);
        Assert.True((await breaker.TryPassAsync(default)).IsProbe);
        breaker.Report(BreakerVerdict.Neutral, probe: true);
        Assert.True((await breaker.TryPassAsync(default)).IsProbe);
    }

    [Fact]
    public async Task ASuccessResetsTheConsecutiveCount()
    {
        var breaker = new CircuitBreaker(Settings with { MinimumCalls = 1000 }, _clock);
        foreach (var verdict in new[] { BreakerVerdict.Failure, BreakerVerdict.Failure, BreakerVerdict.Success, BreakerVerdict.Failure, BreakerVerdict.Failure })
        {
            await breaker.TryPassAsync(default);
            breaker.Report(verdict, probe: false);
        }

        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.Equal(2, breaker.ConsecutiveFailures);
    }

    [Fact]
    public void OpensOnTheFailureRatioOverTheWindow_OnlyWithEnoughCalls()
    {
        var breaker = new CircuitBreaker(Settings with { ConsecutiveFailures = 100 }, _clock);
        // Alternating outcomes: half fail, never three in a row.
        for (var i = 0; i < 9; i++)
        {
            breaker.Report(i % 2 == 0 ? BreakerVerdict.Failure : BreakerVerdict.Success, probe: false);
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(BreakerState.Closed, breaker.State); // 5 of 9 failed, but fewer than 10 calls
        breaker.Report(BreakerVerdict.Success, probe: false);
        Assert.Equal(BreakerState.Closed, breaker.State); // 5 of 10: a success never opens it
        breaker.Report(BreakerVerdict.Failure, probe: false);
        Assert.Equal(BreakerState.Open, breaker.State); // 6 of 11
    }

    [Fact]
    public void OldOutcomesLeaveTheWindow()
    {
        var breaker = new CircuitBreaker(Settings with { ConsecutiveFailures = 100 }, _clock);
        for (var i = 0; i < 9; i++)
        {
            breaker.Report(i % 2 == 0 ? BreakerVerdict.Success : BreakerVerdict.Failure, probe: false); // 4 of 9 fail
        }

        _clock.Advance(Settings.Window + Settings.Window);
        breaker.Report(BreakerVerdict.Failure, probe: false); // 5 of 10 had the others still counted
        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    [Fact]
    public async Task NeutralOutcomes_AreNotCounted()
    {
        var breaker = new CircuitBreaker(Settings, _clock);
        for (var i = 0; i < 50; i++)
        {
            await breaker.TryPassAsync(default);
            breaker.Report(BreakerVerdict.Neutral, probe: false);
        }

        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.Equal(0, breaker.ConsecutiveFailures);
    }

    [Fact]
    public async Task WithACoordinator_OnlyTheNodeThatWinsTheClaimProbes_AndTransitionsArePublished()
    {
        var coordinator = new Coordinator { Grant = false };
        var breaker = new CircuitBreaker(Settings, _clock, coordinator);
        for (var i = 0; i < 3; i++)
        {
            breaker.Report(BreakerVerdict.Failure, probe: false);
        }

        Assert.Equal([(BreakerState.Open, _clock.GetUtcNow() + Settings.BreakDuration)], coordinator.Published);
        _clock.Advance(Settings.BreakDuration);
        Assert.False((await breaker.TryPassAsync(default)).Allowed);
        Assert.Equal(1, coordinator.Claims);
        Assert.False((await breaker.TryPassAsync(default)).Allowed);
        Assert.Equal(1, coordinator.Claims); // not asked again before a second has passed

        breaker.Apply(BreakerState.Closed, default); // the node that probed closed it
        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.True((await breaker.TryPassAsync(default)).Allowed);

        breaker.Apply(BreakerState.Open, _clock.GetUtcNow() + TimeSpan.FromSeconds(5)); // another node opened it
        Assert.False((await breaker.TryPassAsync(default)).Allowed);
        _clock.Advance(TimeSpan.FromSeconds(5));
        coordinator.Grant = true;
        Assert.True((await breaker.TryPassAsync(default)).IsProbe);
        breaker.Report(BreakerVerdict.Success, probe: true);
        Assert.Equal(BreakerState.Closed, coordinator.Published[^1].State);
    }

    private async Task<CircuitBreaker> OpenedAsync()
    {
        var breaker = new CircuitBreaker(Settings, _clock);
        for (var i = 0; i < Settings.ConsecutiveFailures; i++)
        {
            await breaker.TryPassAsync(default);
            breaker.Report(BreakerVerdict.Failure, probe: false);
        }

        Assert.Equal(BreakerState.Open, breaker.State);
        return breaker;
    }

    private sealed class Coordinator : IBreakerCoordinator
    {
        public bool Grant { get; set; }

        public int Claims { get; private set; }

        public List<(BreakerState State, DateTimeOffset OpenUntil)> Published { get; } = [];

        public void Publish(BreakerState state, DateTimeOffset openUntil) => Published.Add((state, openUntil));

        public ValueTask<bool> ClaimProbeAsync(CancellationToken cancellationToken)
        {
            Claims++;
            return ValueTask.FromResult(Grant);
        }
    }
}
