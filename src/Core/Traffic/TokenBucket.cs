namespace McpGateway.Core.Traffic;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: starts full, refills continuously, one token per call.
/// Thread-safe with one small lock per bucket (a few arithmetic operations are done under it).
/// </summary>
public sealed class TokenBucket : IRateBudget
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _updated;

    public TokenBucket(RateLimit limit, TimeProvider time)
    {
        Limit = limit;
        _time = time;
        _tokens = limit.Burst;
        _updated = time.GetUtcNow();
    }

    public RateLimit Limit { get; }

    /// <summary>Tokens available now (fractional).</summary>
    public double Level
    {
        get
        {
            lock (_lock)
            {
                Refill(_time.GetUtcNow());
                return _tokens;
            }
        }
    }

    public ValueTask<BucketDecision> TryTakeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(TryTake());

    public BucketDecision TryTake()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            Refill(now);
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return new BucketDecision(true, Limit.Burst, (int)_tokens, UntilFull(), TimeSpan.Zero);
            }

            return new BucketDecision(false, Limit.Burst, 0, UntilFull(), TimeSpan.FromSeconds((1 - _tokens) / Limit.PerSecond));
        }
    }

    private void Refill(DateTimeOffset now)
    {
        var elapsed = (now - _updated).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Limit.Burst, _tokens + (elapsed * Limit.PerSecond));
            _updated = now;
        }
    }

    private TimeSpan UntilFull() => TimeSpan.FromSeconds((Limit.Burst - _tokens) / Limit.PerSecond);
}
