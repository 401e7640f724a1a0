using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// Pushes a task's changes to the client's stream, wherever it is:
/// <list type="bullet">
/// <item>to the stream of the 2025-11-25 session that created it: <c>notifications/tasks/status</c> with the task when
/// its status or status message changes (queued and running are both <c>working</c>; then <c>completed</c>,
/// <c>failed</c> or <c>cancelled</c>), and <c>notifications/progress</c> with the call's own <c>progressToken</c> (which
/// stays valid for the task's life) when the backend reports progress. Sent by the node of the job's grain, as each
/// change is stored (<see cref="JobChanges"/>), to the node holding the session's stream (the session port);</item>
/// <item>to the 2026-07-28 <c>subscriptions/listen</c> streams of this node that asked for it by id:
/// <c>notifications/tasks</c>, the detailed task (with the result or error once finished), on every change, progress
/// included: woken by this node's job changes, and reading the read model every <see cref="ListenerPoll"/> for jobs whose
/// grain is elsewhere.</item>
/// </list>
/// Clients still poll (<c>pollInterval</c>); this only saves them the wait.
/// </summary>
internal sealed partial class JobStatusNotifier(
    JobChanges changes, IJobStore store, SessionStreams streams, ISessionPort sessions, TaskListeners listeners, JobSettings settings, TimeProvider time,
    ILogger<JobStatusNotifier> logger)
    : BackgroundService
{
    /// <summary>How often the jobs listened to on this node are read again.</summary>
    public static readonly TimeSpan ListenerPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>What was last pushed to a session for each job (forgotten a minute after it finished).</summary>
    private readonly ConcurrentDictionary<string, Pushed> _pushed = new(StringComparer.Ordinal);

    /// <summary>The version of each listened job last pushed to this node's listeners.</summary>
    private readonly ConcurrentDictionary<string, long> _heard = new(StringComparer.Ordinal);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnChanged;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnChanged;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ListenerPoll, time, stoppingToken);
                foreach (var jobId in listeners.Tasks())
                {
                    if (await store.GetAsync(jobId, stoppingToken) is { } job)
                    {
                        ToListeners(job);
                    }
                }

                foreach (var gone in _heard.Keys.Except(listeners.Tasks()).ToList())
                {
                    _heard.TryRemove(gone, out _);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogNotifyFailed(exception, "(listeners)");
            }
        }
    }

    private void OnChanged(Job job)
    {
        ToListeners(job);
        if (job is { Origin: JobOrigin.Task, SessionId: not null })
        {
            _ = ToSessionAsync(job);
        }
    }

    private void ToListeners(Job job)
    {
        var listening = listeners.For(job.Id);
        if (listening.Count == 0 || job.Status == JobStatus.Expired)
        {
            return;
        }

        while (true)
        {
            if (_heard.TryGetValue(job.Id, out var version))
            {
                if (version >= job.Version)
                {
                    return;
                }

                if (_heard.TryUpdate(job.Id, job.Version, version))
                {
                    break;
                }
            }
            else if (_heard.TryAdd(job.Id, job.Version))
            {
                // Listeners are told what changed after they asked, not again what they saw then.
                if (job.Version <= (listeners.Baseline(job.Id) ?? long.MaxValue))
                {
                    return;
                }

                break;
            }
        }

        var detailed = JobJson.DetailedTask(job, settings, "complete");
        detailed.Remove("resultType");
        foreach (var listener in listening)
        {
            streams.TryNotify(listener, "notifications/tasks", detailed);
        }
    }

    private async Task ToSessionAsync(Job job)
    {
        try
        {
            var session = job.SessionId!;
            if (job.Status == JobStatus.Expired)
            {
                _pushed.TryRemove(job.Id, out _);
                return;
            }

            var task = JobJson.Task(job, settings);
            var now = new Pushed(task["status"]!.GetValue<string>(), task["statusMessage"]?.GetValue<string>(), job.Progress?.ToJsonString());
            var before = Swap(job.Id, now);
            if (before == now)
            {
                // A change nobody sees (the call dispatched, a retry's own bookkeeping).
                return;
            }

            if (job.Status.IsTerminal())
            {
                _ = ForgetLaterAsync(job.Id);
            }

            if (before is null || before.Status != now.Status || before.Message != now.Message)
            {
                await NotifyAsync(session, "notifications/tasks/status", task);
            }

            if (now.Progress is not null && before?.Progress != now.Progress && !job.Status.IsTerminal() && Progress(job) is { } progress)
            {
                await NotifyAsync(session, "notifications/progress", progress);
            }
        }
        catch (Exception exception)
        {
            LogNotifyFailed(exception, job.Id);
        }
    }

    /// <summary>On this node's stream when it is here, else through the session port to the node holding it.</summary>
    private async Task NotifyAsync(string session, string method, JsonObject parameters)
    {
        if (!streams.TryNotify(session, method, parameters))
        {
            await sessions.NotifyStreamAsync(session, method, parameters);
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
