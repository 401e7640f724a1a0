using McpGateway.Core.Jobs;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// Pushes a task's status changes where the client holds a stream on this node: to the stream of the 2025-11-25
/// session that created it (<c>notifications/tasks/status</c>), and to the 2026-07-28 <c>subscriptions/listen</c>
/// streams that asked for it by id (<c>notifications/tasks</c>, the detailed task). Clients still poll
/// (<c>pollInterval</c>); this only saves them the wait.
/// </summary>
internal sealed partial class JobStatusNotifier(
    IJobSignals signals, IJobStore store, SessionStreams streams, TaskListeners listeners, JobSettings settings, ILogger<JobStatusNotifier> logger)
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
            var listening = listeners.For(jobId);
            if (await store.GetAsync(jobId, CancellationToken.None) is not { Status: not JobStatus.Expired } job)
            {
                return;
            }

            if (job is { Origin: JobOrigin.Task, SessionId: { } session })
            {
                streams.TryNotify(session, "notifications/tasks/status", JobJson.Task(job, settings));
            }

            if (listening.Count > 0)
            {
                var task = JobJson.DetailedTask(job, settings, "complete");
                task.Remove("resultType");
                foreach (var listener in listening)
                {
                    streams.TryNotify(listener, "notifications/tasks", task);
                }
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
