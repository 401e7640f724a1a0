using McpGateway.Core.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Core.Tests.Traffic;

public sealed class ConcurrencyLimiterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task FullCap_QueuesInOrder_ThenRefusesWhenTheQueueIsFull()
    {
        var limiter = new ConcurrencyLimiter(new ConcurrencySettings(2, 2, Wait), new FakeTimeProvider());
        Assert.Equal(SlotDecision.Acquired, await limiter.AcquireAsync(default));
        Assert.Equal(SlotDecision.Acquired, await limiter.AcquireAsync(default));
        var first = limiter.AcquireAsync(default).AsTask();
        var second = limiter.AcquireAsync(default).AsTask();
        Assert.Equal(SlotDecision.QueueFull, await limiter.AcquireAsync(default));
        Assert.Equal(2, limiter.Queued);
        Assert.False(first.IsCompleted);

        limiter.Release();
        Assert.Equal(SlotDecision.Acquired, await first);
        Assert.False(second.IsCompleted);
        Assert.Equal(2, limiter.InFlight);
        limiter.Release();
        Assert.Equal(SlotDecision.Acquired, await second);
        Assert.Equal(0, limiter.Queued);
    }

    [Fact]
    public async Task AWaiter_GivesUpAfterTheQueueTimeout_AndItsPlaceIsFreed()
    {
        var clock = new FakeTimeProvider();
        var limiter = new ConcurrencyLimiter(new ConcurrencySettings(1, 1, Wait), clock);
        Assert.Equal(SlotDecision.Acquired, await limiter.AcquireAsync(default));
        var waiting = limiter.AcquireAsync(default).AsTask();
        clock.Advance(Wait - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(SlotDecision.QueueTimeout, await waiting);
        Assert.Equal(0, limiter.Queued);
        Assert.Equal(1, limiter.InFlight);

        var next = limiter.AcquireAsync(default).AsTask();
        limiter.Release();
        Assert.Equal(SlotDecision.Acquired, await next);
    }

    [Fact]
    public async Task ACancelledWaiter_LeavesTheQueue()
    {
        var limiter = new ConcurrencyLimiter(new ConcurrencySettings(1, 1, Wait), new FakeTimeProvider());
        await limiter.AcquireAsync(default);
        using var cancel = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        Assert.Equal(SlotDecision.Cancelled, await waiting);
        Assert.Equal(0, limiter.Queued);
    }

    [Fact]
    public async Task RaisingTheCapacity_AdmitsWaiters_LoweringIt_AdmitsNobodyUntilBelow()
    {
        var limiter = new ConcurrencyLimiter(new ConcurrencySettings(4, 10, Wait), new FakeTimeProvider(), initialCapacity: 1);
        await limiter.AcquireAsync(default);
        var waiting = limiter.AcquireAsync(default).AsTask();
        Assert.False(waiting.IsCompleted);
        limiter.Capacity = 2;
        Assert.Equal(SlotDecision.Acquired, await waiting);

        limiter.Capacity = 1;
        var third = limiter.AcquireAsync(default).AsTask();
        limiter.Release();
        Assert.False(third.IsCompleted);
        limiter.Release();
        Assert.Equal(SlotDecision.Acquired, await third);
    }

    /// <summary>Hundreds of concurrent callers: the number in flight never goes above the cap.</summary>
    [Fact]
    public async Task HundredsOfCallers_NeverMoreInFlightThanTheCap()
    {
        var limiter = new ConcurrencyLimiter(new ConcurrencySettings(3, 1000, TimeSpan.FromMinutes(5)), TimeProvider.System);
        var inFlight = 0;
        var maximum = 0;
        await Task.WhenAll(Enumerable.Range(0, 400).Select(async _ =>
        {
            Assert.Equal(SlotDecision.Acquired, await limiter.AcquireAsync(default));
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maximum, now);
            await Task.Delay(1);
            Interlocked.Decrement(ref inFlight);
            limiter.Release();
        }));
        Assert.Equal(3, maximum);
        Assert.Equal(0, limiter.InFlight);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
