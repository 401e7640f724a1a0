using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace McpGateway.Grains.Jobs;

/// <summary>
/// One job (see <see cref="IJobGrain"/>). Its persisted state is the job's row of the jobs table (<see cref="IJobStore"/>,
/// also the read model listings read): every change is a <see cref="JobLifecycle"/> transition, written to the row with
/// its history event in one statement before the grain moves on. The row is read lazily, when the grain is activated
/// for an existing job (a reminder, a check, a cancel, a runner's report); a submit of a new job reads nothing: it
/// inserts the row, and learns from that insert when the id is already stored (a repeated submit). While the job is
/// unfinished it is checked on: a queued job is started (again), a running job that no runner of this silo runs
/// (its silo died, the grain came back here) is queued again or failed with "outcome unknown". While the grain is
/// active a grain timer checks every <see cref="JobSettings.CheckInterval"/>; the reminder <see cref="ReminderName"/>
/// is the durable backstop that brings the grain back after the loss of its silo, every check interval but never more
/// often than Orleans' minimum reminder period (<see cref="ReminderOptions.MinimumReminderPeriod"/>, a minute: the
/// silo keeps Orleans' default). Once finished, the reminder comes back at the job's expiry and then at its purge. The
/// grain stays active while its job runs on this silo.
/// </summary>
[JobPlacement]
internal sealed partial class JobGrain(
    IJobStore jobs,
    JobRunners runners,
    JobChanges changes,
    JobSettings settings,
    IOptions<ReminderOptions> reminderOptions,
    IOptions<ClusterOptions> cluster,
    TimeProvider time,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    public const string ReminderName = "check";

    /// <summary>How often a finished job's reminder comes back when its expiry was missed (its silo was down then).</summary>
    private static readonly TimeSpan FinishedPeriod = TimeSpan.FromHours(1);

    /// <summary>The longest due time a reminder takes.</summary>
    private static readonly TimeSpan MaxDue = TimeSpan.FromDays(30);

    private Job? _job;

    /// <summary>Whether <see cref="_job"/> is what the row holds (read, or written by this activation).</summary>
    private bool _loaded;
    private IGrainTimer? _startTimer;
    private IGrainTimer? _checkTimer;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>The unfinished job's reminder period: the check interval, at least Orleans' minimum reminder period.</summary>
    private TimeSpan BackstopPeriod =>
        settings.CheckInterval > reminderOptions.Value.MinimumReminderPeriod ? settings.CheckInterval : reminderOptions.Value.MinimumReminderPeriod;

    public async Task<JobSubmitReply> Submit(JobSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (_loaded && _job is not null)
        {
            return new JobSubmitReply((int)JobSubmitOutcome.Accepted);
        }

        var job = JobCodec.Read(submission.Job);
        if (job.Id != Id || !job.IsNew)
        {
            throw new ArgumentException($"Job grain {Id} was handed another job or one that is not new.", nameof(submission));
        }

        var outcome = await StoreAsync(job, JobCodec.ReadEvent(submission.Acceptance), new JobLimits(submission.MaxActive, submission.MaxStored));
        switch (outcome)
        {
            case JobSubmitOutcome.Accepted:
                (_job, _loaded) = (job, true);
                changes.Raise(job);
                CheckWhileActive();
                ScheduleStart(job);
                return new JobSubmitReply((int)JobSubmitOutcome.Accepted);
            case JobSubmitOutcome.AlreadyStored:
                // A repeated submit reaching a new activation: the stored job stands, taken up as on any activation.
                _loaded = false;
                if (!await LoadAsync())
                {
                    await CheckAsync();
                }

                return new JobSubmitReply((int)JobSubmitOutcome.Accepted);
            default:
                (_job, _loaded) = (null, true);
                await ForgetAsync();
                return new JobSubmitReply((int)outcome);
        }
    }

    /// <summary>
    /// Stores the new job's row (its state, its acceptance and the caps in one transaction) so that a stored job is
    /// never without its reminder. Where the jobs table and the reminder table share a database (PostgreSQL) the
    /// reminder's row is written in that transaction: one round trip, and a refused submit leaves none; the reminder
    /// service serving it loads it at its next read of the table (at once when a silo joins or dies, else at its
    /// refresh, every minute: <see cref="JobGrainServices"/>). Otherwise (the embedded engine's reminders in memory)
    /// the reminder is registered first; a submit cut short in between leaves a reminder without a job, which finds
    /// no row when it comes and removes itself (<see cref="CheckAsync"/>).
    /// </summary>
    private async Task<JobSubmitOutcome> StoreAsync(Job job, JobEvent acceptance, JobLimits limits)
    {
        if (jobs.StoresReminders)
        {
            var grain = this.GetGrainId();
            var reminder = new JobReminder(
                cluster.Value.ServiceId, grain.ToString(), grain.GetUniformHashCode(), ReminderName, time.GetUtcNow() + BackstopPeriod, BackstopPeriod);
            return await jobs.SubmitAsync(job, acceptance, limits, reminder, CancellationToken.None);
        }

        await this.RegisterOrUpdateReminder(ReminderName, BackstopPeriod, BackstopPeriod);
        return await jobs.SubmitAsync(job, acceptance, limits, CancellationToken.None);
    }

    public async Task<JobCancelReply?> Cancel(string by)
    {
        await LoadAsync();
        if (_job is not { } job)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (JobLifecycle.Cancel(job, now) is not { } cancelled)
        {
            return new JobCancelReply(JobCodec.Write(job), false);
        }

        await ApplyAsync(cancelled, new JobEvent(job.Id, now, "cancelled", null, new JsonObject { ["by"] = by }));
        runners.Cancel(job.Id);
        await WatchFinishedAsync(cancelled);
        return new JobCancelReply(JobCodec.Write(cancelled), true);
    }

    public async Task Check()
    {
        if (!await LoadAsync())
        {
            await CheckAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            await Check();
        }
    }

    public async Task<string?> BeginAttempt(string node)
    {
        await LoadAsync();
        var now = time.GetUtcNow();
        if (_job is not { } job || !JobLifecycle.IsClaimable(job, now))
        {
            return null;
        }

        var claimed = JobLifecycle.Claim(job, node, now);
        await ApplyAsync(claimed, new JobEvent(job.Id, now, "started", node, new JsonObject { ["attempt"] = claimed.Attempts }));
        DelayDeactivation(TimeSpan.FromDays(1));
        return JobCodec.Write(claimed);
    }

    public async Task<bool> Dispatching(string node, int attempt)
    {
        await LoadAsync();
        if (!Holds(node, attempt) || JobLifecycle.MarkDispatched(_job!, node, time.GetUtcNow()) is not { } marked)
        {
            return false;
        }

        // Durable before the call leaves: after a crash, the job's outcome is known to be unknown.
        await PersistAsync(marked, null);
        return true;
    }

    public async Task<bool> Progress(string node, int attempt, string progress)
    {
        await LoadAsync();
        if (!Holds(node, attempt) || JobLifecycle.ReportProgress(_job!, node, JsonNode.Parse(progress)!.AsObject(), time.GetUtcNow()) is not { } next)
        {
            return false;
        }

        await ApplyAsync(next, null);
        return true;
    }

    public async Task Finish(string node, int attempt, JobAttemptReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        await LoadAsync();
        if (!Holds(node, attempt))
        {
            return;
        }

        var now = time.GetUtcNow();
        var outcome = new JobAttemptOutcome(
            report.Result is null ? null : JsonNode.Parse(report.Result), report.Error is null ? null : JobErrorJson.Read(report.Error), report.Dispatched, report.Stopping);
        if (JobLifecycle.Complete(_job!, node, outcome, now, settings) is not { } next)
        {
            return;
        }

        await ApplyAsync(next, Outcome(next, node));
        LogFinished(next.Id, next.Status.Name(), next.StatusMessage ?? "");
        if (next.Status == JobStatus.Queued)
        {
            if (!report.Stopping)
            {
                ScheduleStart(next);
            }
        }
        else
        {
            await WatchFinishedAsync(next);
        }
    }

    /// <summary>
    /// Reads the job's row unless this activation holds it already; an unfinished job is checked on at once (activated
    /// by whatever call: a job left running by a silo that is gone is taken up now). True when it checked.
    /// </summary>
    private async Task<bool> LoadAsync()
    {
        if (_loaded)
        {
            return false;
        }

        _job = await jobs.GetAsync(Id, CancellationToken.None);
        _loaded = true;
        if (_job is not { Status: JobStatus.Queued or JobStatus.Running })
        {
            return false;
        }

        CheckWhileActive();
        await CheckAsync();
        return true;
    }

    /// <summary>Brings the job forward: started, taken up again, expired, purged, or dropped, as due.</summary>
    private async Task CheckAsync()
    {
        if (_job is not { } job)
        {
            // A reminder without a job: its submit never stored the row (cut short in between), or its purge was.
            LogNoJob(Id);
            await ForgetAsync();
            return;
        }

        var now = time.GetUtcNow();
        switch (job.Status)
        {
            case JobStatus.Queued:
                ScheduleStart(job);
                return;
            case JobStatus.Running when !runners.IsRunning(job.Id):
                var recovered = JobLifecycle.RecoverLost(job, now, settings)!;
                await ApplyAsync(recovered, new JobEvent(job.Id, now, "lost", null, new JsonObject
                {
                    ["status"] = recovered.Status.Name(),
                    ["attempt"] = recovered.Attempts,
                    ["message"] = recovered.StatusMessage,
                }));
                LogRecovered(job.Id, job.Runner ?? "", recovered.Status.Name(), recovered.StatusMessage ?? "");
                if (recovered.Status == JobStatus.Queued)
                {
                    ScheduleStart(recovered);
                }
                else
                {
                    await WatchFinishedAsync(recovered);
                }

                return;
            case JobStatus.Running:
                DelayDeactivation(TimeSpan.FromDays(1));
                return;
            case JobStatus.Expired when job.ExpiresAt <= now:
                // The row first: a purge cut short in between leaves a reminder without a job, which removes itself.
                await jobs.DeleteAsync(job.Id, CancellationToken.None);
                await ForgetAsync();
                return;
            default:
                if (JobLifecycle.Expire(job, now, settings) is { } expired)
                {
                    await ApplyAsync(expired, new JobEvent(job.Id, now, "expired", null, new JsonObject { ["status"] = "expired" }));
                    job = expired;
                }

                await WatchFinishedAsync(job);
                return;
        }
    }

    private bool Holds(string node, int attempt) => _job is { Status: JobStatus.Running } job && job.Runner == node && job.Attempts == attempt;

    /// <summary>Starts the job on this silo's runners now, or when its backoff is over.</summary>
    private void ScheduleStart(Job job)
    {
        _startTimer?.Dispose();
        _startTimer = null;
        var wait = job.NotBefore - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            runners.Start(job.Id);
            return;
        }

        _startTimer = this.RegisterGrainTimer(() =>
        {
            _startTimer?.Dispose();
            _startTimer = null;
            runners.Start(job.Id);
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>
    /// Checks on the unfinished job every check interval while the grain is active (a grain timer, which does not keep
    /// the grain active by itself); the reminder covers the time the grain is not.
    /// </summary>
    private void CheckWhileActive() =>
        _checkTimer ??= this.RegisterGrainTimer(
            () => _job is { Status: JobStatus.Queued or JobStatus.Running } ? CheckAsync() : Task.CompletedTask,
            new GrainTimerCreationOptions(settings.CheckInterval, settings.CheckInterval) { KeepAlive = false });

    private void StopChecking()
    {
        _checkTimer?.Dispose();
        _checkTimer = null;
    }

    /// <summary>A finished job's reminder comes back at its expiry (or purge), and hourly after that until it is done.</summary>
    private async Task WatchFinishedAsync(Job job)
    {
        StopChecking();
        var due = (job.ExpiresAt ?? time.GetUtcNow()) - time.GetUtcNow();
        due = due < settings.CheckInterval ? settings.CheckInterval : due > MaxDue ? MaxDue : due;
        await this.RegisterOrUpdateReminder(ReminderName, due, FinishedPeriod);
    }

    private async Task ApplyAsync(Job next, JobEvent? @event)
    {
        await PersistAsync(next, @event);
        changes.Raise(next);
    }

    /// <summary>
    /// Writes the change to the job's row (with its event); not written, not changed: the caller sees the failure. A
    /// row that already holds this version (or none) means another activation wrote it, or a write reported as failed
    /// was stored after all: this activation's copy is stale, and Orleans deactivates it on
    /// <see cref="InconsistentStateException"/> (the next call reads the row again).
    /// </summary>
    private async Task PersistAsync(Job next, JobEvent? @event)
    {
        if (!await jobs.SaveAsync(next, @event, CancellationToken.None))
        {
            _loaded = false;
            throw new InconsistentStateException($"Job {next.Id}: its row does not hold version {next.Version - 1} any more; the grain reads it again");
        }

        _job = next;
    }

    /// <summary>Drops what this activation does for its job (timers, reminder): the job has no row.</summary>
    private async Task ForgetAsync()
    {
        StopChecking();
        _startTimer?.Dispose();
        _startTimer = null;
        _job = null;
        await UnregisterAsync();
        DeactivateOnIdle();
    }

    private async Task UnregisterAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static JobEvent Outcome(Job job, string node) => new(job.Id, job.UpdatedAt, job.Status == JobStatus.Queued ? "retry" : job.Status.Name(), node, new JsonObject
    {
        ["attempt"] = job.Attempts,
        ["error_kind"] = job.Error?.Kind.ToString(),
        ["message"] = job.StatusMessage,
    });

    [LoggerMessage(EventId = 8210, Level = LogLevel.Information, Message = "Job {JobId} is {Status} {StatusMessage}")]
    private partial void LogFinished(string jobId, string status, string statusMessage);

    [LoggerMessage(EventId = 8211, Level = LogLevel.Warning, Message = "Job {JobId}: the node {Runner} running it was lost; now {Status} {StatusMessage}")]
    private partial void LogRecovered(string jobId, string runner, string status, string statusMessage);

    [LoggerMessage(EventId = 8700, Level = LogLevel.Information, Message = "Job {JobId}: its reminder came but no job is stored (a submit or a purge cut short); the reminder is removed")]
    private partial void LogNoJob(string jobId);
}
