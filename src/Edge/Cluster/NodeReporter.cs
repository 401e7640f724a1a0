using McpGateway.Edge.Health;
using McpGateway.Edge.Mcp;
using McpGateway.Grains.Cluster;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Reports this node (HTTP address, version, roles, load, config version, draining) to its <see cref="INodeReportGrain"/>
/// at start and every <see cref="Period"/>, for <c>/admin/cluster</c>. One grain call every few seconds, never on a
/// request's path; a failed report is logged and tried again next period.
/// </summary>
internal sealed partial class NodeReporter(
    IGrainFactory grains,
    LocalNode node,
    ConfigVersion config,
    InFlightRequests inFlight,
    SessionStreams streams,
    ReadinessState readiness,
    TimeProvider time,
    ILogger<NodeReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReportAsync();
        LogJoined(node.Id, node.Address);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReportAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReportAsync()
    {
        try
        {
            await grains.GetGrain<INodeReportGrain>(node.Id).ReportAsync(new NodeReport
            {
                Address = node.Address,
                Version = LocalNode.Version,
                Roles = node.Roles,
                Draining = readiness.IsStopping,
                StartedAt = node.StartedAt,
                ReportedAt = time.GetUtcNow(),
                InFlight = inFlight.Count,
                OpenStreams = streams.Count,
                ConfigVersion = config.Current,
            });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogReportFailed(exception);
        }
    }

    [LoggerMessage(EventId = 7203, Level = LogLevel.Information, Message = "Joined the cluster as node {NodeId} ({Address})")]
    private partial void LogJoined(string nodeId, string address);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "Could not report this node's state for /admin/cluster; trying again")]
    private partial void LogReportFailed(Exception exception);
}
