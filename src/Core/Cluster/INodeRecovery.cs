namespace McpGateway.Core.Cluster;

/// <summary>
/// The recovery hook: called once, on one surviving node, for each node marked dead (and on a node starting again
/// under the id it had before). Features that tie state to a node register one; features whose state carries its own
/// lease expiry need none.
/// </summary>
public interface INodeRecovery
{
    Task RecoverAsync(string deadNodeId, CancellationToken cancellationToken);
}
