using McpGateway.Core.Traffic;

namespace McpGateway.Grains.Traffic;

/// <summary>The token bucket part of a quota or tool guard grain: Core's <see cref="TokenLeases"/>, made on the first lease.</summary>
internal sealed class TokenAuthority(TimeProvider time)
{
    private TokenLeases? _leases;

    public int Held => _leases?.Held ?? 0;

    public double Available => _leases?.Available ?? 0;

    public TokenLease Lease(TokenLeaseRequest request)
    {
        var limit = new RateLimit(request.PerMinute, request.Burst);
        _leases ??= new TokenLeases(limit, time);
        var grant = _leases.Lease(request.Holder, limit, request.Keep, request.Want, request.TimeToLive);
        return new TokenLease(grant.Granted, grant.Kept, grant.Available);
    }

    public void Release(LeaseRelease release) => _leases?.Release(release.Holder, release.UnspentTokens);
}
