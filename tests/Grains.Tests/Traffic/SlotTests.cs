using McpGateway.Core.Traffic;

namespace McpGateway.Grains.Tests.Traffic;

/// <summary>Concurrency caps shared by nodes through slot leases of a tool guard grain.</summary>
public sealed class SlotTests
{
    private static readonly ConcurrencySettings Cap = new(3, 100, TimeSpan.FromDays(1));

    /// <summary>Thirty callers on three nodes: never more than the cap in flight over the cluster, and every caller gets through.</summary>
    [Fact]
    public async Task ThreeNodes_NeverHoldMoreThanTheCap()
    {
        await using var cluster = await TrafficCluster.StartAsync(3);
        var pools = Enumerable.Range(0, 3).Select(i => cluster.Engine(i).Slots("tool:b/capped", Cap)).ToList();
        var gate = new SemaphoreSlim(0);
        var current = 0;
        var peak = 0;
        var callers = Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            var pool = pools[i % 3];
            var decision = await pool.AcquireAsync(default);
            Assert.Equal(SlotDecision.Acquired, decision);
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await gate.WaitAsync();
            Interlocked.Decrement(ref current);
            pool.Release();
        })).ToList();

        var guard = cluster.Guard("tool:b/capped");
        await Eventually.TrueAsync(() => Volatile.Read(ref current) == 3, "three callers hold slots", () => cluster.AdvanceAsync(TimeSpan.FromMilliseconds(100)),
            () => string.Join(", ", pools.Select(p => $"{p.InFlight}/{p.Queued}/{p.Capacity}")) + $"; current {current}, peak {peak}, done {callers.Count(c => c.IsCompleted)}: {callers.FirstOrDefault(c => c.IsFaulted)?.Exception}");
        while (callers.Any(c => !c.IsCompleted))
        {
            if (Volatile.Read(ref current) > 0)
            {
                gate.Release();
            }

            await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(100));
            Assert.InRange((await guard.Status()).SlotsHeld, 0, 3);
            Assert.InRange(pools.Sum(p => p.InFlight), 0, 3);
            await Task.WhenAny(Task.WhenAll(callers), Task.Delay(5));
        }

        await Task.WhenAll(callers);
        Assert.Equal(3, peak);
    }

    /// <summary>A node that dies holding every slot: the others get them once its lease expires.</summary>
    [Fact]
    public async Task DeadNode_ItsSlotsComeBackAfterTheLease()
    {
        await using var cluster = await TrafficCluster.StartAsync(2);
        var settings = new ConcurrencySettings(2, 10, TimeSpan.FromHours(1));
        var victim = cluster.Engine(0);
        var survivor = cluster.Engine(1).Slots("tool:b/leased", settings);
        var held = victim.Slots("tool:b/leased", settings);
        Assert.Equal(SlotDecision.Acquired, await held.AcquireAsync(default));
        Assert.Equal(SlotDecision.Acquired, await held.AcquireAsync(default));
        await victim.AbandonAsync(); // dies without releasing

        var waiting = survivor.AcquireAsync(default).AsTask();
        await cluster.AdvanceAsync(TrafficCluster.LeaseTime / 2);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(0, survivor.Capacity);

        await Eventually.TrueAsync(() => waiting.IsCompleted, "the survivor gets a slot", () => cluster.AdvanceAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(SlotDecision.Acquired, await waiting);
        Assert.Equal(SlotDecision.Acquired, await survivor.AcquireAsync(default));
        Assert.Equal(2, survivor.InFlight);
    }

    /// <summary>A node that stops gives its slots back at once.</summary>
    [Fact]
    public async Task StoppedNode_GivesItsSlotsBackAtOnce()
    {
        await using var cluster = await TrafficCluster.StartAsync(2);
        var settings = new ConcurrencySettings(1, 10, TimeSpan.FromHours(1));
        var leaving = cluster.Engine(0);
        var slots = leaving.Slots("tool:b/one", settings);
        Assert.Equal(SlotDecision.Acquired, await slots.AcquireAsync(default));
        slots.Release();
        await leaving.DisposeAsync();

        Assert.Equal(0, (await cluster.Guard("tool:b/one").Status()).SlotsHeld);
        var other = cluster.Engine(1).Slots("tool:b/one", settings);
        Assert.Equal(SlotDecision.Acquired, await other.AcquireAsync(default));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
