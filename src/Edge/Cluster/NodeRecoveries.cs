using McpGateway.Core.Cluster;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Runs every <see cref="INodeRecovery"/> for one node id. Each recovery is idempotent (atomic statements that find
/// nothing the second time), so a node recovered by several survivors at once, or again later, is recovered once.
/// </summary>
internal sealed partial class NodeRecoveries(IEnumerable<INodeRecovery> recoveries, ILogger<NodeRecoveries> logger)
{
    public async Task RecoverAsync(string nodeId, CancellationToken cancellationToken)
    {
        foreach (var recovery in recoveries)
        {
            try
            {
                await recovery.RecoverAsync(nodeId, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
            {
                LogRecoveryFailed(exception, nodeId, recovery.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Error, Message = "Recovery of node {NodeId} by {Recovery} failed")]
    private partial void LogRecoveryFailed(Exception exception, string nodeId, string recovery);
}
