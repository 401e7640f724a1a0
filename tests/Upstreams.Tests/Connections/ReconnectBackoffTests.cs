using McpGateway.Upstreams.Connections;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Upstreams.Tests.Connections;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void RecordFailure_DoublesTheDelay_UpToTheCap()
    {
        var backoff = new ReconnectBackoff(new FakeTimeProvider());
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.RecordFailure().TotalSeconds).ToArray();
        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30], delays);
    }

    [Fact]
    public void CanAttempt_OnlyAfterTheDelay_AndAgainAfterSuccess()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(time);
        Assert.True(backoff.CanAttempt);

        backoff.RecordFailure();
        backoff.RecordFailure();
        Assert.False(backoff.CanAttempt);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(backoff.CanAttempt);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(backoff.CanAttempt);

        backoff.RecordSuccess();
        Assert.Equal(0, backoff.Failures);
        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.RecordFailure());
    }
}
