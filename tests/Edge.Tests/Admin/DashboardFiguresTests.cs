using McpGateway.Core.Audit;
using McpGateway.Edge.Admin;
using McpGateway.Edge.Observability;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Edge.Tests.Admin;

/// <summary>The figures the dashboard shows that the admin API computes: latency percentiles and calls in the last minute.</summary>
public sealed class DashboardFiguresTests
{
    [Fact]
    public void Quantile_InterpolatesWithinTheBucket_AndCapsAtTheLastBound()
    {
        // 10 observations: 4 in (0.01, 0.025], 6 in (0.025, 0.05].
        var counts = new long[CallMetrics.Buckets.Length + 1];
        var at25 = Array.IndexOf(CallMetrics.Buckets, 0.025);
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = i < at25 ? 0 : i == at25 ? 4 : 10;
        }

        Assert.Equal(29.167, CallStatistics.Quantile(counts, 0.5)); // rank 5: the first of 6 in (25 ms, 50 ms]: 25 + 25 * 1/6
        Assert.Equal(49.583, CallStatistics.Quantile(counts, 0.99));
        Assert.Null(CallStatistics.Quantile(new long[counts.Length], 0.5));

        var slow = new long[counts.Length];
        slow[^1] = 3;
        Assert.Equal(30_000, CallStatistics.Quantile(slow, 0.99));
    }

    [Fact]
    public async Task RecentUserCalls_CountsTheLastMinute_SlidingOverThePreviousOne()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var recent = new RecentUserCalls(time);
        for (var i = 0; i < 6; i++)
        {
            await recent.WriteAsync(Record("bob", "acme"), CancellationToken.None);
        }

        await recent.WriteAsync(Record("bob", "acme") with { Reason = "user_quota" }, CancellationToken.None);
        await recent.WriteAsync(Record("carol", "acme"), CancellationToken.None);
        Assert.Equal(6, recent.LastMinute("acme", "bob"));
        Assert.Equal(7, recent.TenantLastMinute("acme"));
        Assert.Equal(0, recent.LastMinute(null, "bob"));

        time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(3, recent.LastMinute("acme", "bob"));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, recent.LastMinute("acme", "bob"));
    }

    private static AuditRecord Record(string user, string? tenant) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        Time = DateTimeOffset.UnixEpoch,
        RequestId = "r",
        CorrelationId = "c",
        UserId = user,
        Tenant = tenant,
        Endpoint = "mcp",
        Method = "tools/call",
        Name = "hello.echo",
        Outcome = "success",
        LatencyMs = 1,
    };
}
