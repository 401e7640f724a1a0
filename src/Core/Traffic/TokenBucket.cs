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

    /// <summary>
    /// Takes up to <paramref name="want"/> whole tokens at once (a lease). <paramref name="reserved"/> tokens are held
    /// elsewhere (leased and not yet spent or returned): they count against the capacity, so the bucket refills only up
    /// to <c>Burst − reserved</c> and what it holds plus what is held elsewhere never exceeds the burst.
    /// </summary>
    /// <returns>The tokens taken (0 when not one whole token is left).</returns>
    public int TakeUpTo(int want, double reserved)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            Refill(now, Limit.Burst - reserved);
            var taken = (int)Math.Max(0, Math.Min(want, Math.Floor(_tokens)));
            _tokens -= taken;
            return taken;
        }
    }

    /// <summary>Tokens available now when <paramref name="reserved"/> are held elsewhere (see <see cref="TakeUpTo"/>).</summary>
    public double LevelBelow(double reserved)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            Refill(now, Limit.Burst - reserved);
            return _tokens;
        }
    }

    /// <summary>Puts back tokens taken by <see cref="TakeUpTo"/> and not spent (never above <c>Burst − reserved</c>).</summary>
    public void Give(int tokens, double reserved)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            Refill(now, Limit.Burst - reserved);
            _tokens = Math.Min(Math.Max(0, Limit.Burst - reserved), _tokens + Math.Max(0, tokens));
        }
    }

    private void Refill(DateTimeOffset now) => Refill(now, Limit.Burst);

    private void Refill(DateTimeOffset now, double ceiling)
    {
        var elapsed = Math.Max(0, (now - _updated).TotalSeconds);
        _tokens = Math.Min(Math.Max(0, ceiling), _tokens + (elapsed * Limit.PerSecond));
        _updated = now > _updated ? now : _updated;
    }

    private TimeSpan UntilFull() => TimeSpan.FromSeconds((Limit.Burst - _tokens) / Limit.PerSecond);
}
