using McpGateway.Core.Traffic;
using McpGateway.Grains.Traffic;

namespace McpGateway.Silo.Admission;

/// <summary>
/// This node's share of a cluster-wide token bucket whose authority is a grain (<see cref="ITokenAuthority"/>). Calls
/// spend leased tokens locally, with no grain call; the engine's tick tops the share up before it runs out (about a
/// second of this node's demand, at most half the burst) and renews it before it expires; an idle node lets it expire.
/// A call that finds no token leases at once (one grain call); when that grants none, the node refuses locally until the
/// next token is due rather than asking per call. The lease is spent only until its local deadline (sent + lease time),
/// which comes before the authority's own expiry.
/// </summary>
internal sealed class LeasedTokens(string key, RateLimit limit, ITokenAuthority authority, string holder, GrainCalls calls, TimeProvider time, OrleansAdmissionOptions options)
    : IRateBudget
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

    public ITokenAuthority Authority => authority;

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

            var granted = await LeaseAsync(Want(now));
            lock (_lock)
            {
                now = time.GetUtcNow();
                if (TakeLocal(now) is { } taken)
                {
                    return taken;
                }

                if (granted > 0)
                {
                    // Tokens were granted but the answer came after their lease ran out (a slow or retried grain call):
                    // the bucket was not empty, so this is no rate-limit refusal but an authority out of reach in time.
                    throw new AdmissionUnavailableException("The traffic grains answered too late for their lease to be used", new TimeoutException($"lease of {key} expired on arrival"));
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
            if (held >= want / 2 && held > 0 && !expiring)
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
            await LeaseAsync(want);
        }
        finally
        {
            _leasing.Release();
        }
    }

    /// <returns>The tokens granted.</returns>
    private async Task<int> LeaseAsync(int want)
    {
        var sentAt = time.GetUtcNow();
        int keep;
        lock (_lock)
        {
            keep = Valid(sentAt) ? _tokens : 0;
        }

        var lease = await calls.Call(() =>
        {
            // The lease runs from the attempt that got it, not from the first of several (GrainCalls tries again).
            sentAt = time.GetUtcNow();
            return authority.LeaseTokens(new TokenLeaseRequest(holder, limit.PerMinute, limit.Burst, keep, want, options.LeaseTime));
        });
        lock (_lock)
        {
            // Spent meanwhile: _tokens ≤ keep. The lease now covers what is left (no more than the authority let this
            // node keep) plus the grant, until sentAt + lease time (no later than the authority's own expiry).
            _tokens = Math.Min(Valid(time.GetUtcNow()) ? _tokens : 0, lease.Kept) + lease.Granted;
            _expires = sentAt + options.LeaseTime;
            _available = lease.Available;
            if (lease.Granted > 0)
            {
                _emptyUntil = default;
            }
        }

        return lease.Granted;
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
