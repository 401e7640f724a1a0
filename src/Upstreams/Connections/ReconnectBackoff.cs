namespace McpGateway.Upstreams.Connections;

/// <summary>Capped exponential backoff between reconnection attempts: 0.5 s, 1 s, 2 s … up to <see cref="Cap"/>.</summary>
internal sealed class ReconnectBackoff(TimeProvider time)
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    private int _failures;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;

    /// <summary>When the next attempt may be made (in the past when one may be made now).</summary>
    public DateTimeOffset RetryAt => _retryAt;

    public bool CanAttempt => time.GetUtcNow() >= _retryAt;

    public int Failures => _failures;

    public TimeSpan RecordFailure()
    {
        var delay = TimeSpan.FromTicks(Math.Min(Cap.Ticks, Initial.Ticks << Math.Min(_failures, 16)));
        _failures++;
        _retryAt = time.GetUtcNow() + delay;
        return delay;
    }

    public void RecordSuccess()
    {
        _failures = 0;
        _retryAt = DateTimeOffset.MinValue;
    }
}
