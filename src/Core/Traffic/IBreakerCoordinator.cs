namespace McpGateway.Core.Traffic;

/// <summary>
/// Shares one breaker's state with the other nodes of a cluster (a cluster engine implements it; a single node has none).
/// </summary>
public interface IBreakerCoordinator
{
    /// <summary>Tells the other nodes that this node opened (until <paramref name="openUntil"/>) or closed the breaker. Must not block.</summary>
    void Publish(BreakerState state, DateTimeOffset openUntil);

    /// <summary>Claims the cluster's one half-open probe; true when this node may send it.</summary>
    ValueTask<bool> ClaimProbeAsync(CancellationToken cancellationToken);
}
