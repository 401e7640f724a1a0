namespace McpGateway.Edge.Cluster;

/// <summary>
/// Renews, every <see cref="Interval"/>, this node's registrations with the session grains (the streams it holds, the
/// scopes whose calls it serves, the calls held for a client's next round): a grain activated again elsewhere learns its participants back, and participants
/// that stop renewing expire there. Only in a cluster.
/// </summary>
internal sealed partial class SessionKeepAlive(OrleansSessionPort port, OrleansHeldCalls heldCalls, TimeProvider time, ILogger<SessionKeepAlive> logger) : BackgroundService
{
    /// <summary>A third of the grains' participant lifetime.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!port.ReachesOtherNodes)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await port.RenewAsync(stoppingToken);
                await heldCalls.RenewAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
            {
                LogRenewFailed(exception);
            }
        }
    }

    [LoggerMessage(EventId = 8112, Level = LogLevel.Warning, Message = "Session grains: renewing this node's registrations failed")]
    private partial void LogRenewFailed(Exception exception);
}
