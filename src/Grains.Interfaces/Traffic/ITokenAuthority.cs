namespace McpGateway.Grains.Traffic;

/// <summary>
/// The authority of a token bucket shared by the nodes: it leases batches of tokens that a node spends on its own until
/// the lease expires (see docs/traffic-control.md).
/// </summary>
public interface ITokenAuthority : IGrainWithStringKey
{
    /// <summary>Renews the holder's lease: it keeps what it still has (at most what its lease had) and gets up to what it wants.</summary>
    Task<TokenLease> LeaseTokens(TokenLeaseRequest request);

    /// <summary>Ends the holder's leases (a node that stops): unspent tokens go back, slots are free at once.</summary>
    Task Release(LeaseRelease release);
}
