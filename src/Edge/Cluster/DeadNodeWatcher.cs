using Orleans.Runtime;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Recovers what dead nodes held, driven by Orleans membership: when a silo becomes <see cref="SiloStatus.Dead"/> (its
/// peers' probes voted it dead, it stopped, or its next start replaced it), every surviving node runs the recoveries
/// for its node id (the silo name), unless a silo of that name is alive again, having recovered its previous life
/// itself: at start, before the node takes work, it recovers whatever its id still holds.
/// </summary>
internal sealed partial class DeadNodeWatcher(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    NodeRecoveries recoveries,
    LocalNode node,
    ILogger<DeadNodeWatcher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await recoveries.RecoverAsync(node.Id, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var deadSilos = new DeadSilos(silo.SiloAddress);
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                foreach (var dead in deadSilos.Next(snapshot))
                {
                    LogNodeDead(dead, node.Id);
                    await recoveries.RecoverAsync(dead, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Node {DeadNode} is dead (Orleans membership): node {NodeId} recovers what it held")]
    private partial void LogNodeDead(string deadNode, string nodeId);
}
