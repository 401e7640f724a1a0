namespace McpGateway.Core.Traffic;

/// <summary>
/// The authority of a token bucket shared by several holders (nodes): it hands out <em>leases</em>, batches of tokens a
/// holder spends on its own until the lease expires. Leased tokens count against the bucket's capacity until they are
/// reported spent (a renewal carries what is left), given back or expired, so the tokens in the bucket plus those held
/// never exceed the burst: over all holders, at most <c>Burst + PerMinute · t / 60</c> calls are admitted in any
/// <c>t</c> seconds, as by one bucket. A lease takes at most half of what is left (at least one token while one is),
/// so near exhaustion leases shrink to one token. Not thread-safe (a grain's turns serialise it).
/// </summary>
public sealed class TokenLeases(RateLimit limit, TimeProvider time)
{
    private readonly Dictionary<string, Share> _leases = new(StringComparer.Ordinal);
    private TokenBucket _bucket = new(limit, time);

    public RateLimit Limit => _bucket.Limit;

    /// <summary>Tokens held by unexpired leases.</summary>
    public int Held
    {
        get
        {
            Expire(time.GetUtcNow());
            return _leases.Values.Sum(l => l.Tokens);
        }
    }

    /// <summary>Holders with an unexpired lease.</summary>
    public int Holders
    {
        get
        {
            Expire(time.GetUtcNow());
            return _leases.Count;
        }
    }

    /// <summary>Tokens in the bucket now (not leased).</summary>
    public double Available => _bucket.LevelBelow(Held);

    /// <summary>
    /// Renews <paramref name="holder"/>'s lease: it keeps the <paramref name="keep"/> tokens it still has (at most what
    /// its unexpired lease had; the rest were spent) and gets up to <paramref name="want"/> more, all valid for
    /// <paramref name="timeToLive"/>. A new limit (a reloaded configuration) replaces the bucket, which starts full
    /// less what is held.
    /// </summary>
    public TokenGrant Lease(string holder, RateLimit limit, int keep, int want, TimeSpan timeToLive)
    {
        var now = time.GetUtcNow();
        if (limit != _bucket.Limit)
        {
            _bucket = new TokenBucket(limit, time);
        }

        Expire(now);
        var previous = _leases.TryGetValue(holder, out var lease) ? lease.Tokens : 0;
        var kept = Math.Clamp(keep, 0, previous);
        var reserved = _leases.Values.Sum(l => l.Tokens) - previous + kept;
        var level = _bucket.LevelBelow(reserved);
        var share = Math.Min(Math.Max(0, want), Math.Max(1, (int)Math.Floor(level / 2)));
        var granted = _bucket.TakeUpTo(share, reserved);
        if (kept + granted > 0 && timeToLive > TimeSpan.Zero)
        {
            _leases[holder] = new Share(kept + granted, now + timeToLive);
        }
        else
        {
            _leases.Remove(holder);
        }

        return new TokenGrant(granted, kept, _bucket.LevelBelow(reserved + granted));
    }

    /// <summary>Ends <paramref name="holder"/>'s lease; its <paramref name="unspent"/> tokens (at most what the lease had) go back to the bucket.</summary>
    public void Release(string holder, int unspent)
    {
        Expire(time.GetUtcNow());
        if (!_leases.Remove(holder, out var lease))
        {
            return;
        }

        _bucket.Give(Math.Clamp(unspent, 0, lease.Tokens), _leases.Values.Sum(l => l.Tokens));
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var (holder, lease) in _leases)
        {
            if (lease.Expires <= now)
            {
                _leases.Remove(holder);
            }
        }
    }

    private readonly record struct Share(int Tokens, DateTimeOffset Expires);
}
