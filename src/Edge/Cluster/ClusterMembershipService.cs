using McpGateway.Core.Cluster;
using McpGateway.Edge.Health;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Keeps this node's heartbeat row (load and config version included) and finds dead nodes: every heartbeat it marks
/// the nodes whose heartbeat is overdue as dead, and runs every <see cref="INodeRecovery"/> for each node it marked
/// (exactly one node marks each). A node starting under the id it had before recovers its own previous life first.
/// While draining the row says <c>leaving</c>; after the server has stopped, <c>left</c>.
/// </summary>
internal sealed partial class ClusterMembershipService(
    IClusterMembership membership,
    IEnumerable<INodeRecovery> recoveries,
    LocalNode node,
    ConfigVersion config,
    InFlightRequests inFlight,
    SessionStreams streams,
    ReadinessState readiness,
    GatewayOptions options,
    TimeProvider time,
    ILogger<ClusterMembershipService> logger) : BackgroundService
{
    private NodeLiveness Liveness => new() { HeartbeatInterval = options.HeartbeatInterval, DeadAfter = options.NodeDeadAfter };

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync(node.Id, cancellationToken);
        await membership.HeartbeatAsync(Snapshot(), cancellationToken);
        LogJoined(node.Id, node.Address);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await membership.SetStatusAsync(node.Id, NodeStatus.Left, time.GetUtcNow(), cancellationToken);
            LogLeft(node.Id);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogHeartbeatFailed(exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await membership.HeartbeatAsync(Snapshot(), stoppingToken);
                    var now = time.GetUtcNow();
                    foreach (var dead in await membership.MarkDeadAsync(Liveness.DeadlineAt(now), now - Liveness.KeepDeparted, stoppingToken))
                    {
                        LogNodeDead(dead);
                        await RecoverAsync(dead, stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
                {
                    // The database is away: try again next beat. Other nodes may mark this one dead meanwhile; its next
                    // heartbeat makes it alive again.
                    LogHeartbeatFailed(exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RecoverAsync(string nodeId, CancellationToken cancellationToken)
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

    private ClusterNode Snapshot() => new()
    {
        Id = node.Id,
        Address = node.Address,
        Version = LocalNode.Version,
        Roles = node.Roles,
        Status = readiness.IsStopping ? NodeStatus.Leaving : NodeStatus.Alive,
        StartedAt = node.StartedAt,
        HeartbeatAt = time.GetUtcNow(),
        InFlight = inFlight.Count,
        OpenStreams = streams.Count,
        ConfigVersion = config.Current,
    };

    [LoggerMessage(EventId = 1703, Level = LogLevel.Information, Message = "Joined the cluster as node {NodeId} ({Address})")]
    private partial void LogJoined(string nodeId, string address);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Information, Message = "Left the cluster (node {NodeId})")]
    private partial void LogLeft(string nodeId);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Warning, Message = "Node {NodeId} missed its heartbeats: marked dead, recovering what it held")]
    private partial void LogNodeDead(string nodeId);

    [LoggerMessage(EventId = 1706, Level = LogLevel.Warning, Message = "Heartbeat failed; retrying at the next beat")]
    private partial void LogHeartbeatFailed(Exception exception);

    [LoggerMessage(EventId = 1707, Level = LogLevel.Error, Message = "Recovery of node {NodeId} by {Recovery} failed")]
    private partial void LogRecoveryFailed(Exception exception, string nodeId, string recovery);
}
