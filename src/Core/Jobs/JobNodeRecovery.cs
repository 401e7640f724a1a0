using McpGateway.Core.Cluster;

namespace McpGateway.Core.Jobs;

/// <summary>
/// Jobs' part of recovering a dead node: the jobs it was running (leases carry the cluster's node id) are queued again
/// or failed with the reason at once, by the node that marked it dead.
/// </summary>
public sealed class JobNodeRecovery(JobSweeper sweeper) : INodeRecovery
{
    public Task RecoverAsync(string deadNodeId, CancellationToken cancellationToken) => sweeper.RecoverNodeAsync(deadNodeId, cancellationToken);
}
