using McpGateway.Core.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Core.Tests.Traffic;

public sealed class TokenBucketTests
{
    [Fact]
    public void StartsFull_ThenRefusesWithTheTimeUntilTheNextToken()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(new RateLimit(60, 3), clock);

        for (var i = 2; i >= 0; i--)
        {
            var taken = bucket.TryTake();
            Assert.True(taken.Admitted);
            Assert.Equal(3, taken.Limit);
            Assert.Equal(i, taken.Remaining);
        }

        var refused = bucket.TryTake();
        Assert.False(refused.Admitted);
        Assert.Equal(0, refused.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Reset);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(bucket.TryTake().Admitted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake().Admitted);
    }

    [Fact]
    public void NeverHoldsMoreThanItsBurst()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(new RateLimit(600, 5), clock);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, bucket.Level);
        Assert.Equal(5, Enumerable.Range(0, 20).Count(_ => bucket.TryTake().Admitted));
    }

    /// <summary>Offered load at ten times the limit for ten minutes: admitted = burst + rate · time, exactly.</summary>
    [Fact]
    public void TenTimesTheLimit_AdmitsTheLimit()
    {
        var clock = new FakeTimeProvider();
        var limit = new RateLimit(120, 10);
        var bucket = new TokenBucket(limit, clock);
        var admitted = 0;
        var offeredPerSecond = (int)(limit.PerSecond * 10);
        for (var second = 0; second < 600; second++)
        {
            for (var i = 0; i < offeredPerSecond; i++)
            {
                admitted += bucket.TryTake().Admitted ? 1 : 0;
                clock.Advance(TimeSpan.FromSeconds(1.0 / offeredPerSecond));
            }
        }

        var expected = limit.Burst + (limit.PerMinute * 10);
        Assert.InRange(admitted, expected * 0.95, expected * 1.05);
        Assert.InRange(admitted, expected - 1, expected);
    }

    [Fact]
    public async Task ConcurrentTakers_NeverGetMoreThanTheBucketHolds()
    {
        var bucket = new TokenBucket(new RateLimit(0.001, 500), new FakeTimeProvider());
        var admitted = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (bucket.TryTake().Admitted)
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        })));
        Assert.Equal(500, admitted);
    }
}
