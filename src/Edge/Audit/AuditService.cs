using McpGateway.Core.Audit;

namespace McpGateway.Edge.Audit;

/// <summary>
/// Brings the audit writer up with the node (so a spool left by a crash drains at once) and, with a retention set, runs
/// the purge every <see cref="AuditOptions.PurgeInterval"/>. The writer itself is stopped last, when the host disposes
/// it after in-flight requests are done, so no call is left without its record.
/// </summary>
internal sealed partial class AuditService(AuditWriter writer, IAuditStore store, AuditOptions options, TimeProvider time, ILogger<AuditService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = writer.QueueDepth;
        if (options.Retention is not { } retention)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await store.PurgeAsync(time.GetUtcNow() - retention, stoppingToken);
                if (removed > 0)
                {
                    LogPurged(removed, retention.TotalDays);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPurgeFailed(exception);
            }

            try
            {
                await Task.Delay(options.PurgeInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "Audit retention: purged {Records} records older than {Days} days")]
    private partial void LogPurged(long records, double days);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "Audit retention purge failed; it runs again at the next interval")]
    private partial void LogPurgeFailed(Exception exception);
}
