using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// Pushes a task's changes where the client holds a stream on this node, whichever node runs the job (every node
/// hears every job change: in process on the embedded engine, through <c>NOTIFY</c> on PostgreSQL):
/// <list type="bullet">
/// <item>to the stream of the 2025-11-25 session that created it: <c>notifications/tasks/status</c> with the task when
/// its status or status message changes (queued and running are both <c>working</c>; then <c>completed</c>,
/// <c>failed</c> or <c>cancelled</c>), and <c>notifications/progress</c> with the call's own <c>progressToken</c> (which
/// stays valid for the task's life) when the backend reports progress;</item>
/// <item>to the 2026-07-28 <c>subscriptions/listen</c> streams that asked for it by id: <c>notifications/tasks</c>, the
/// detailed task (with the result or error once finished), on every change, progress included.</item>
/// </list>
/// Clients still poll (<c>pollInterval</c>); this only saves them the wait.
/// </summary>
internal sealed partial class JobStatusNotifier(
    IJobSignals signals, IJobStore store, SessionStreams streams, TaskListeners listeners, JobSettings settings, TimeProvider time, ILogger<JobStatusNotifier> logger)
    : IHostedService
{
    /// <summary>What was last pushed for each job this node pushed about (forgotten a minute after it finished).</summary>
    private readonly ConcurrentDictionary<string, Pushed> _pushed = new(StringComparer.Ordinal);

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
                _pushed.TryRemove(jobId, out _);
                return;
            }

            var task = JobJson.Task(job, settings);
            var now = new Pushed(task["status"]!.GetValue<string>(), task["statusMessage"]?.GetValue<string>(), job.Progress?.ToJsonString());
            var before = Swap(jobId, now);
            if (before == now)
            {
                // Heard twice (raised here and echoed by NOTIFY), or a change nobody sees (an attempt's lease renewed).
                return;
            }

            if (job.Status.IsTerminal())
            {
                _ = ForgetLaterAsync(jobId);
            }

            if (job is { Origin: JobOrigin.Task, SessionId: { } session })
            {
                if (before is null || before.Status != now.Status || before.Message != now.Message)
                {
                    streams.TryNotify(session, "notifications/tasks/status", task);
                }

                if (now.Progress is not null && before?.Progress != now.Progress && !job.Status.IsTerminal() && Progress(job) is { } progress)
                {
                    streams.TryNotify(session, "notifications/progress", progress);
                }
            }

            if (listening.Count > 0)
            {
                var detailed = JobJson.DetailedTask(job, settings, "complete");
                detailed.Remove("resultType");
                foreach (var listener in listening)
                {
                    streams.TryNotify(listener, "notifications/tasks", detailed);
                }
            }
        }
        catch (Exception exception)
        {
            LogNotifyFailed(exception, jobId);
        }
    }

    /// <summary>Records what is pushed now and returns what was pushed before (atomically: concurrent signals push once).</summary>
    private Pushed? Swap(string jobId, Pushed now)
    {
        while (true)
        {
            if (_pushed.TryGetValue(jobId, out var before))
            {
                if (before == now || _pushed.TryUpdate(jobId, now, before))
                {
                    return before;
                }
            }
            else if (_pushed.TryAdd(jobId, now))
            {
                return null;
            }
        }
    }

    /// <summary>A finished job is remembered a little longer, so that late echoes of its last change push nothing.</summary>
    private async Task ForgetLaterAsync(string jobId)
    {
        await Task.Delay(TimeSpan.FromMinutes(1), time, CancellationToken.None);
        _pushed.TryRemove(jobId, out _);
    }

    /// <summary>The backend's latest progress under the token the client gave its task-augmented call, if it gave one.</summary>
    private static JsonObject? Progress(Job job)
    {
        if (job.Params["_meta"] is not JsonObject meta || meta["progressToken"] is not JsonValue token || job.Progress is not { } reported)
        {
            return null;
        }

        var progress = new JsonObject { ["progressToken"] = token.DeepClone() };
        foreach (var (key, value) in reported)
        {
            if (value is not null)
            {
                progress[key] = value.DeepClone();
            }
        }

        progress["_meta"] = new JsonObject { [McpTasks.RelatedTaskMeta] = new JsonObject { ["taskId"] = job.Id } };
        return progress;
    }

    private sealed record Pushed(string Status, string? Message, string? Progress);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Job {JobId}: status notification failed")]
    private partial void LogNotifyFailed(Exception exception, string jobId);
}
