using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Grains.Traffic;

/// <summary>
/// A user's (or tenant's, or session-opening) quota bucket: leases of tokens from Core's token bucket. Kept in memory:
/// a lease outlives no activation by more than its time to live (see docs/traffic-control.md for what a lost
/// activation means).
/// </summary>
internal sealed class UserQuotaGrain([FromKeyedServices(GrainTime.Key)] TimeProvider time) : Grain, IUserQuotaGrain
{
    private readonly TokenAuthority _tokens = new(time);

    public Task<TokenLease> LeaseTokens(TokenLeaseRequest request) => Task.FromResult(_tokens.Lease(request));

    public Task Release(LeaseRelease release)
    {
        _tokens.Release(release);
        return Task.CompletedTask;
    }
}
