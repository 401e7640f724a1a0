using McpGateway.Core.Jobs;
using McpGateway.Grains.Jobs;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// The embedded engine keeps reminders in memory, so after a restart (a <c>kill -9</c> included) nothing would wake the
/// job grains: once the node has started, every job of the read model is handed to its grain, which takes it up from
/// its persisted state (an unfinished job is run again or failed with "outcome unknown"; a finished one watches its
/// expiry again).
/// </summary>
internal sealed partial class EmbeddedJobsRestart(IJobStore store, JobGrainClient grains, IHostApplicationLifetime lifetime, ILogger<EmbeddedJobsRestart> logger)
    : BackgroundService
{
    private const int Page = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var count = 0;
        string? after = null;
        try
        {
            while (true)
            {
                var ids = await store.LiveIdsAsync(after, Page, stoppingToken);
                foreach (var id in ids)
                {
                    await grains.CheckAsync(id);
                    count++;
                }

                if (ids.Count < Page)
                {
                    break;
                }

                after = ids[^1];
            }

            LogRestarted(count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogFailed(exception, count);
        }
    }

    [LoggerMessage(EventId = 8220, Level = LogLevel.Information, Message = "{Count} jobs handed back to their grains after the start")]
    private partial void LogRestarted(int count);

    [LoggerMessage(EventId = 8221, Level = LogLevel.Error, Message = "Handing the jobs back to their grains failed after {Count}; the others wait for the next start")]
    private partial void LogFailed(Exception exception, int count);
}
