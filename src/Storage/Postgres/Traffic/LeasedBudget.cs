using McpGateway.Core.Traffic;

namespace McpGateway.Storage.Postgres.Traffic;

/// <summary>
/// This node's share of a cluster-wide token bucket. Calls spend leased tokens locally; the engine's tick tops the
/// share up before it runs out (sized to about a second of this node's demand) and renews it before it expires; a call
/// that finds none leases synchronously (one statement). The bucket row counts leased tokens against its capacity,
/// so tokens in the bucket plus tokens held by nodes never exceed the burst. In strict mode every call is one statement.
/// </summary>
internal sealed class LeasedBudget(string key, RateLimit limit, AdmissionStatements db, TimeProvider time, PostgresAdmissionOptions options) : IRateBudget
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _leasing = new(1, 1);
    private int _tokens;
    private DateTimeOffset _expires;
    private DateTimeOffset _emptyUntil;
    private double _available = limit.Burst;
    private int _demand;
    private DateTimeOffset _demandSince = time.GetUtcNow();
    private double _perSecond;

    public string Key => key;

    public RateLimit Limit => limit;

    public double Level
    {
        get
        {
            lock (_lock)
            {
                return Valid(time.GetUtcNow()) ? _tokens : 0;
            }
        }
    }

    /// <summary>Unspent tokens still valid (given back when the node stops).</summary>
    public int Unspent => (int)Level;

    public async ValueTask<BucketDecision> TryTakeAsync(CancellationToken cancellationToken)
    {
        if (options.Strict)
        {
            var (granted, available) = await db.LeaseTokensAsync(key, limit.PerSecond, limit.Burst, 0, 1, TimeSpan.Zero, cancellationToken);
            return granted == 1 ? Admitted(available) : Refused(available);
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            _demand++;
            if (TakeLocal(now) is { } taken)
            {
                return taken;
            }

            if (now < _emptyUntil)
            {
                return Refused(_available);
            }
        }

        await _leasing.WaitAsync(cancellationToken);
        try
        {
            now = time.GetUtcNow();
            lock (_lock)
            {
                if (TakeLocal(now) is { } taken)
                {
                    return taken;
                }

                if (now < _emptyUntil)
                {
                    return Refused(_available);
                }
            }

            await LeaseAsync(Want(now), cancellationToken);
            lock (_lock)
            {
                now = time.GetUtcNow();
                if (TakeLocal(now) is { } taken)
                {
                    return taken;
                }

                var refused = Refused(_available);
                _emptyUntil = now + refused.RetryAfter;
                return refused;
            }
        }
        finally
        {
            _leasing.Release();
        }
    }

    /// <summary>Called on the engine's tick: tops the share up or renews it when there is demand; lets it expire when idle.</summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        if (options.Strict)
        {
            return;
        }

        var now = time.GetUtcNow();
        int want;
        lock (_lock)
        {
            var elapsed = (now - _demandSince).TotalSeconds;
            if (elapsed >= 0.5)
            {
                _perSecond = _demand / elapsed;
                _demand = 0;
                _demandSince = now;
            }

            if (_perSecond <= 0 || now < _emptyUntil)
            {
                return;
            }

            want = Want(now);
            var held = Valid(now) ? _tokens : 0;
            var expiring = held > 0 && _expires - now < options.LeaseTime / 2;
            if (held >= want / 2 && !expiring)
            {
                return;
            }
        }

        if (!await _leasing.WaitAsync(0, cancellationToken))
        {
            return; // a call is leasing right now
        }

        try
        {
            await LeaseAsync(want, cancellationToken);
        }
        finally
        {
            _leasing.Release();
        }
    }

    private async Task LeaseAsync(int want, CancellationToken cancellationToken)
    {
        var sentAt = time.GetUtcNow();
        int keep;
        lock (_lock)
        {
            keep = Valid(sentAt) ? _tokens : 0;
        }

        var (granted, available) = await db.LeaseTokensAsync(key, limit.PerSecond, limit.Burst, keep, want, options.LeaseTime, cancellationToken);
        lock (_lock)
        {
            // Spent meanwhile: _tokens ≤ keep. The lease now covers what is left plus the grant, until sentAt + lease time
            // (no later than the database's own expiry, which started when it received the statement).
            _tokens = (Valid(time.GetUtcNow()) ? _tokens : 0) + granted;
            _expires = sentAt + options.LeaseTime;
            _available = available;
            if (granted > 0)
            {
                _emptyUntil = default;
            }
        }
    }

    /// <summary>About a second of this node's demand, at least one token, at most half the burst.</summary>
    private int Want(DateTimeOffset now)
    {
        var perSecond = Math.Max(_perSecond, _demand / Math.Max(0.1, (now - _demandSince).TotalSeconds));
        return (int)Math.Clamp(Math.Ceiling(perSecond), 1, Math.Max(1, limit.Burst / 2));
    }

    private bool Valid(DateTimeOffset now) => now < _expires;

    private BucketDecision? TakeLocal(DateTimeOffset now)
    {
        if (_tokens > 0 && Valid(now))
        {
            _tokens--;
            return Admitted(_available);
        }

        return null;
    }

    private BucketDecision Admitted(double available) =>
        new(true, limit.Burst, (int)Math.Max(0, available), TimeSpan.FromSeconds(Math.Max(0, limit.Burst - available) / limit.PerSecond), TimeSpan.Zero);

    private BucketDecision Refused(double available) => new(
        false,
        limit.Burst,
        0,
        TimeSpan.FromSeconds(Math.Max(0, limit.Burst - available) / limit.PerSecond),
        TimeSpan.FromSeconds(Math.Max(0.05, (1 - Math.Min(1, available)) / limit.PerSecond)));
}
