using McpGateway.Core.Jobs;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// Pushes a task's status changes to the stream of the session that created it, when that stream is open on this
/// node: <c>notifications/tasks/status</c> (2025-11-25). Clients still poll (<c>pollInterval</c>); this only saves
/// them the wait.
/// </summary>
internal sealed partial class JobStatusNotifier(IJobSignals signals, IJobStore store, SessionStreams streams, JobSettings settings, ILogger<JobStatusNotifier> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        signals.JobChanged += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        signals.JobChanged -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(string jobId, JobStatus status)
    {
        if (streams.Count > 0)
        {
            _ = NotifyAsync(jobId);
        }
    }

    private async Task NotifyAsync(string jobId)
    {
        try
        {
            if (await store.GetAsync(jobId, CancellationToken.None) is { Origin: JobOrigin.Task, SessionId: { } session, Status: not JobStatus.Expired } job)
            {
                streams.TryNotify(session, "notifications/tasks/status", JobJson.Task(job, settings));
            }
        }
        catch (Exception exception)
        {
            LogNotifyFailed(exception, jobId);
        }
    }

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Job {JobId}: status notification failed")]
    private partial void LogNotifyFailed(Exception exception, string jobId);
}
