using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime;

namespace McpGateway.Grains.Jobs;

/// <summary>
/// One job (see <see cref="IJobGrain"/>). Every change is a <see cref="JobLifecycle"/> transition, persisted in the
/// grain's state first and then written to the read model (<see cref="IJobStore"/>) with its history event. While the
/// job is unfinished it is checked on: a queued job is started (again), a running job that no runner of this silo runs
/// (its silo died, the grain came back here) is queued again or failed with "outcome unknown". While the grain is
/// active a grain timer checks every <see cref="JobSettings.CheckInterval"/>; the reminder <see cref="ReminderName"/>
/// is the durable backstop that brings the grain back after the loss of its silo, every check interval but never more
/// often than Orleans' minimum reminder period (<see cref="ReminderOptions.MinimumReminderPeriod"/>, a minute: the
/// silo keeps Orleans' default). Once finished, the reminder comes back at the job's expiry and then at its purge. The
/// grain stays active while its job runs on this silo.
/// </summary>
[JobPlacement]
internal sealed partial class JobGrain(
    [PersistentState("job", GrainStorage.Name)] IPersistentState<JobRecord> record,
    IJobStore readModel,
    JobRunners runners,
    JobChanges changes,
    JobSettings settings,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    public const string ReminderName = "check";

    /// <summary>How often a finished job's reminder comes back when its expiry was missed (its silo was down then).</summary>
    private static readonly TimeSpan FinishedPeriod = TimeSpan.FromHours(1);

    /// <summary>The longest due time a reminder takes.</summary>
    private static readonly TimeSpan MaxDue = TimeSpan.FromDays(30);

    private Job? _job;
    private bool _readModelBehind;
    private IGrainTimer? _startTimer;
    private IGrainTimer? _checkTimer;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>The unfinished job's reminder period: the check interval, at least Orleans' minimum reminder period.</summary>
    private TimeSpan BackstopPeriod =>
        settings.CheckInterval > reminderOptions.Value.MinimumReminderPeriod ? settings.CheckInterval : reminderOptions.Value.MinimumReminderPeriod;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _job = record.State.Job.Length > 0 ? JobCodec.Read(record.State.Job) : null;
        if (_job is { Status: JobStatus.Queued or JobStatus.Running })
        {
            // Activated by whatever call: a job left running by a silo that is gone is taken up now.
            CheckWhileActive();
            await CheckAsync();
        }
    }

    public async Task<JobSubmitReply> Submit(JobSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (_job is not null)
        {
            return new JobSubmitReply((int)JobSubmitOutcome.Accepted);
        }

        var job = JobCodec.Read(submission.Job);
        if (job.Id != Id || !job.IsNew)
        {
            throw new ArgumentException($"Job grain {Id} was handed another job or one that is not new.", nameof(submission));
        }

        // The reminder and the state first: a job whose row is stored is never without them. A submit cut short
        // before its row is stored leaves a job nobody was told of, which its reminder drops (CheckAsync).
        var reminder = this.RegisterOrUpdateReminder(ReminderName, BackstopPeriod, BackstopPeriod);
        record.State = new JobRecord { Job = submission.Job };
        await Task.WhenAll(reminder, record.WriteStateAsync());
        var outcome = await readModel.SubmitAsync(job, JobCodec.ReadEvent(submission.Acceptance), new JobLimits(submission.MaxActive, submission.MaxStored), CancellationToken.None);
        if (outcome != JobSubmitOutcome.Accepted)
        {
            await ForgetAsync();
            return new JobSubmitReply((int)outcome);
        }

        _job = job;
        changes.Raise(job);
        CheckWhileActive();
        ScheduleStart(job);
        return new JobSubmitReply((int)JobSubmitOutcome.Accepted);
    }

    public async Task<JobCancelReply?> Cancel(string by)
    {
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

    public Task Check() => CheckAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            await CheckAsync();
        }
    }

    public async Task<string?> BeginAttempt(string node)
    {
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
        if (!Holds(node, attempt) || JobLifecycle.MarkDispatched(_job!, node, time.GetUtcNow()) is not { } marked)
        {
            return false;
        }

        // Durable before the call leaves: after a crash, the job's outcome is known to be unknown.
        await PersistAsync(marked);
        return true;
    }

    public async Task<bool> Progress(string node, int attempt, string progress)
    {
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

    /// <summary>Brings the job forward: started, taken up again, expired, purged, or dropped, as due.</summary>
    private async Task CheckAsync()
    {
        if (_job is not { } job)
        {
            await UnregisterAsync();
            DeactivateOnIdle();
            return;
        }

        var now = time.GetUtcNow();
        if (_readModelBehind)
        {
            await SaveReadModelAsync(job, null);
        }

        switch (job.Status)
        {
            case JobStatus.Queued when job.Version == 0 && await readModel.GetAsync(job.Id, CancellationToken.None) is null:
                // Its submit never stored the row (the node died in between): nobody was told of this job.
                LogDropped(job.Id);
                await ForgetAsync();
                return;
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
                await ForgetAsync();
                await readModel.DeleteAsync(job.Id, CancellationToken.None);
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
        await PersistAsync(next);
        await SaveReadModelAsync(next, @event);
        changes.Raise(next);
    }

    private async Task PersistAsync(Job next)
    {
        var previous = record.State;
        record.State = new JobRecord { Job = JobCodec.Write(next) };
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            record.State = previous; // not durable, so not changed: the caller sees the failure
            throw;
        }

        _job = next;
    }

    private async Task SaveReadModelAsync(Job job, JobEvent? @event)
    {
        try
        {
            await readModel.SaveAsync(job, @event, CancellationToken.None);
            _readModelBehind = false;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The job's state is durable; the row catches up at the next check.
            _readModelBehind = true;
            LogReadModelFailed(exception, job.Id);
        }
    }

    private async Task ForgetAsync()
    {
        StopChecking();
        _startTimer?.Dispose();
        _startTimer = null;
        _job = null;
        await record.ClearStateAsync();
        record.State = new JobRecord();
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

    [LoggerMessage(EventId = 8212, Level = LogLevel.Warning, Message = "Job {JobId}: its read-model row could not be written; it is written again at the next check")]
    private partial void LogReadModelFailed(Exception exception, string jobId);

    [LoggerMessage(EventId = 8213, Level = LogLevel.Warning, Message = "Job {JobId}: its submit never stored it; the job is dropped")]
    private partial void LogDropped(string jobId);
}
