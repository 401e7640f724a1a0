using McpGateway.Core.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Core.Tests.Traffic;

/// <summary>The authorities' side of leased traffic control: token and slot leases, and the shared breaker record.</summary>
public sealed class LeasesTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    [Fact]
    public void TokenLeases_TakeAtMostHalfOfWhatIsLeft_DownToOneToken()
    {
        var clock = new FakeTimeProvider();
        var limit = new RateLimit(6, 16); // 0.1 per second: no refill worth a token during the test
        var leases = new TokenLeases(limit, clock);

        var grants = Enumerable.Range(0, 6).Select(i => leases.Lease($"node{i}", limit, keep: 0, want: 100, Ttl).Granted).ToList();

        Assert.Equal([8, 4, 2, 1, 1, 0], grants);
        Assert.Equal(16, leases.Held);
    }

    [Fact]
    public void TokenLeases_HeldTokensCountAgainstTheBurst_UntilReportedSpentOrExpired()
    {
        var clock = new FakeTimeProvider();
        var limit = new RateLimit(600, 10); // 10 per second
        var leases = new TokenLeases(limit, clock);
        Assert.Equal(5, leases.Lease("a", limit, 0, 5, Ttl).Granted);
        clock.Advance(TimeSpan.FromHours(1)); // would refill far beyond the burst, but "a" still holds... until its lease expired
        Assert.Equal(0, leases.Held);
        Assert.Equal(10, leases.Available);

        Assert.Equal(5, leases.Lease("a", limit, 0, 5, Ttl).Granted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, leases.Available); // the bucket refills only up to burst − held
        var renewal = leases.Lease("a", limit, keep: 9, want: 0, Ttl);
        Assert.Equal(5, renewal.Kept); // a holder keeps no more than its lease had
        var spent = leases.Lease("a", limit, keep: 2, want: 0, Ttl);
        Assert.Equal(2, spent.Kept);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(8, leases.Available); // spent tokens come back by refill, up to burst − the 2 still held
    }

    [Fact]
    public void TokenLeases_ReleaseGivesUnspentTokensBack()
    {
        var clock = new FakeTimeProvider();
        var limit = new RateLimit(6, 10);
        var leases = new TokenLeases(limit, clock);
        leases.Lease("a", limit, 0, 5, Ttl);
        leases.Release("a", unspent: 3);
        Assert.Equal(0, leases.Held);
        Assert.Equal(8, leases.Available, 3);
    }

    [Fact]
    public void SlotLeases_NeverGrantMoreThanTheCap_AndExpiredSharesReturn()
    {
        var clock = new FakeTimeProvider();
        var slots = new SlotLeases(clock);
        Assert.Equal(2, slots.Lease("a", cap: 3, want: 2, Ttl));
        Assert.Equal(1, slots.Lease("b", cap: 3, want: 3, Ttl));
        Assert.Equal(0, slots.Lease("c", cap: 3, want: 1, Ttl));
        Assert.Equal(3, slots.Held);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, slots.Lease("b", cap: 3, want: 1, Ttl)); // renewed; "a" is not
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, slots.Lease("c", cap: 3, want: 5, Ttl));
        slots.Release("b");
        Assert.Equal(2, slots.Held);
    }

    [Fact]
    public void SharedBreaker_GrantsOneProbeTicket_WhichExpiresWithItsHolder()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var open = SharedBreaker.Closed.Open(now + TimeSpan.FromSeconds(30));
        Assert.Equal(BreakerState.Open, open.StateAt(now));
        Assert.False(open.Claim("a", now, Ttl).Granted); // still in the break

        var later = now + TimeSpan.FromSeconds(30);
        Assert.Equal(BreakerState.HalfOpen, open.StateAt(later));
        var (ticketed, granted) = open.Claim("a", later, Ttl);
        Assert.True(granted);
        Assert.False(ticketed.Claim("b", later, Ttl).Granted);
        Assert.True(ticketed.Claim("a", later, Ttl).Granted); // the holder may claim again (its probe never ran)
        Assert.True(ticketed.Claim("b", later + Ttl, Ttl).Granted); // "a" died: its ticket expired

        Assert.Same(ticketed, ticketed.Close("b")); // only the holder's verdict counts
        var closed = ticketed.Close("a");
        Assert.Equal(BreakerState.Closed, closed.StateAt(later));
        Assert.True(closed.Version > ticketed.Version);
        var reopened = ticketed.Open(later + TimeSpan.FromSeconds(30));
        Assert.Null(reopened.ProbeHolder);
        Assert.Equal(later + TimeSpan.FromSeconds(30), reopened.OpenUntil);
    }
}
