using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;
using McpGateway.Grains.Jobs;

using McpGateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace McpGateway.Grains.Tests.Jobs;

/// <summary>
/// The job grain's lifecycle and its recovery by reminder, on two silos over PostgreSQL (<see cref="JobCluster"/>).
/// A job runs on the silo its grain lives on (the one it was submitted to), in the background; every change reaches
/// the read model.
/// </summary>
[Collection(JobClusterCollection.Name)]
public sealed class JobGrainTests : IAsyncLifetime
{
    private JobCluster _jobs = null!;

    public async Task InitializeAsync() => _jobs = await JobCluster.StartAsync(2);

    public async Task DisposeAsync() => await _jobs.DisposeAsync();

    [Fact]
    public async Task Submit_AnswersAtOnce_TheJobRunsInTheBackground_ProgressAndResultReachTheReadModel()
    {
        var tag = "life-" + Guid.NewGuid().ToString("N");
        var job = JobCluster.NewJob(tag);

        Assert.Equal(JobSubmitOutcome.Accepted, await _jobs.Client(0).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(10, 100), default));

        var running = await _jobs.WaitForAsync(job.Id, j => j.Progress is not null, "progress reported while running");
        Assert.Equal(JobStatus.Running, running.Status);
        Assert.Equal(_jobs.Node(0), running.Runner);
        Assert.Equal("waiting for " + tag, running.Progress!["message"]!.GetValue<string>());

        _jobs.Backend.Release(tag);

        var done = await _jobs.WaitForAsync(job.Id, j => j.Status.IsTerminal(), "the job finished");
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal("waited for " + tag, done.Result!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(1, done.Attempts);
        Assert.Null(done.Runner);
        Assert.Equal(["accepted", "started", "succeeded"], (await _jobs.ReadModel.EventsAsync(job.Id, default)).Select(e => e.Kind));
        Assert.Equal(["running", "done"], _jobs.Backend.Calls[tag]);
    }

    [Fact]
    public async Task Submit_OverTheCap_IsRefused_AndLeavesNothing_ACancel_StopsTheRunningCall()
    {
        var tag = "cancel-" + Guid.NewGuid().ToString("N");
        var job = JobCluster.NewJob(tag, owner: "capped");
        var second = JobCluster.NewJob("never-" + tag, owner: "capped");
        var client = _jobs.Client(1);
        Assert.Equal(JobSubmitOutcome.Accepted, await client.SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(1, 100), default));
        Assert.Equal(JobSubmitOutcome.TooManyActive, await client.SubmitAsync(second, JobCluster.Accepted(second), new JobLimits(1, 100), default));
        await _jobs.WaitForAsync(job.Id, j => j.Status == JobStatus.Running && j.Dispatched || _jobs.Backend.Count(tag, "running") > 0, "the call reached the backend");

        var update = await _jobs.Client(0).CancelAsync(job.Id, "alice", default);

        Assert.True(update!.Changed);
        Assert.Equal(JobStatus.Cancelled, update.Job.Status);
        await _jobs.WaitForAsync(job.Id, j => j.Status == JobStatus.Cancelled, "the read model shows the cancel");
        await Eventually.ValueAsync(() => _jobs.Backend.Count(tag, "cancelled"), n => n == 1, "the backend's call was cancelled", TimeSpan.FromSeconds(30));
        Assert.False((await _jobs.Client(0).CancelAsync(job.Id, "alice", default))!.Changed);
        Assert.Null(await _jobs.ReadModel.GetAsync(second.Id, default));
        Assert.Null(await _jobs.Client(0).CancelAsync(second.Id, "alice", default));
    }

    [Fact]
    public async Task ANewJobsSubmit_ReadsNoRow_ItsGrainHoldsWhatItWrote()
    {
        var tag = "fresh-" + Guid.NewGuid().ToString("N");
        var job = JobCluster.NewJob(tag);

        Assert.Equal(JobSubmitOutcome.Accepted, await _jobs.Client(0).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(10, 100), default));
        await _jobs.WaitForAsync(job.Id, j => j.Progress is not null, "the job runs");
        _jobs.Backend.Release(tag);
        await _jobs.WaitForAsync(job.Id, j => j.Status == JobStatus.Succeeded, "the job succeeded");

        // Activated by the submit for a new id: its row was inserted, never read (nor read for the runner's reports).
        Assert.Equal(0, _jobs.Store(0).Reads(job.Id) + _jobs.Store(1).Reads(job.Id));
    }

    [Fact]
    public async Task ARepeatedSubmit_ReachingANewActivation_FindsTheStoredJob_AndStoresNothingAgain()
    {
        var tag = "again-" + Guid.NewGuid().ToString("N");
        var job = JobCluster.NewJob(tag, owner: "repeat");

        // Stored by an activation that is gone (as after its node's loss): this silo has no activation of the job.
        Assert.Equal(JobSubmitOutcome.Accepted, await _jobs.ReadModel.SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(10, 100), default));

        // The owner at both caps: a repeat is no new job, so it is accepted all the same.
        Assert.Equal(JobSubmitOutcome.Accepted, await _jobs.Client(0).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(0, 0), default));

        Assert.Equal(1, _jobs.Store(0).Reads(job.Id));
        await _jobs.WaitForAsync(job.Id, j => j.Progress is not null, "the stored job is taken up and runs");
        _jobs.Backend.Release(tag);
        var done = await _jobs.WaitForAsync(job.Id, j => j.Status.IsTerminal(), "the job finished");
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(JobSubmitOutcome.Accepted, await _jobs.Client(0).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(0, 0), default));
        Assert.Equal(JobStatus.Succeeded, (await _jobs.ReadModel.GetAsync(job.Id, default))!.Status);
        Assert.Equal(["accepted", "started", "succeeded"], (await _jobs.ReadModel.EventsAsync(job.Id, default)).Select(e => e.Kind));
        Assert.Equal(["running", "done"], _jobs.Backend.Calls[tag]);
    }

    [Fact]
    public async Task ASubmitCutShortBeforeItsRowIsStored_LeavesNeitherJobNorReminder()
    {
        var (_, job) = await SubmitCutShortAsync();

        // The reminder's row is stored in the job row's transaction: neither was.
        Assert.Null(await _jobs.ReadModel.GetAsync(job.Id, default));
        Assert.Equal(0, await _jobs.RemindersAsync(job.Id));
        Assert.Empty(await _jobs.ReadModel.EventsAsync(job.Id, default));
    }

    [Fact]
    public async Task ARefusedSubmit_StoresNoReminder_AnAcceptedOneStoresOneThatOrleansReads()
    {
        var refused = JobCluster.NewJob("refused-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(JobSubmitOutcome.TooManyActive, await _jobs.Client(0).SubmitAsync(refused, JobCluster.Accepted(refused), new JobLimits(0, 100), default));
        Assert.Equal(0, await _jobs.RemindersAsync(refused.Id));

        var tag = "row-" + Guid.NewGuid().ToString("N");
        var job = JobCluster.NewJob(tag);
        _jobs.Backend.Deaf(tag);
        Assert.Equal(JobSubmitOutcome.Accepted, await _jobs.Client(0).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(10, 100), default));
        Assert.Equal(1, await _jobs.RemindersAsync(job.Id));

        // The row is Orleans' own: its reminder service finds it by the grain's id, and the grain's own updates and
        // removal go through it (the version the row was stored with is the etag they need).
        var grain = _jobs.Cluster.Client.GetGrain<IJobGrain>(job.Id).GetGrainId();
        var row = await _jobs.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>().ReadRow(grain, JobGrain.ReminderName);
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(JobGrain.ReminderName, row.ReminderName);
        Assert.Equal(TimeSpan.FromSeconds(1), row.Period);

        await _jobs.Client(0).CancelAsync(job.Id, "alice", default);
        _jobs.Backend.Release(tag);
        var moved = await _jobs.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>().ReadRow(grain, JobGrain.ReminderName);
        Assert.NotNull(moved);
        Assert.Equal(TimeSpan.FromHours(1), moved.Period);
        Assert.NotEqual(row.ETag, moved.ETag);
    }

    [Fact]
    public async Task WithRemindersRegisteredFirst_ASubmitCutShortBeforeItsRowIsStored_LeavesAReminderThatFindsNoJobAndRemovesItself()
    {
        // The embedded engine's order (its reminders are in memory, not in the jobs' database).
        _jobs.Store(0).StoresReminders = false;
        try
        {
            var (tag, job) = await SubmitCutShortAsync();

            // The reminder was registered before the row's insert was tried: never a row without its reminder.
            Assert.Null(await _jobs.ReadModel.GetAsync(job.Id, default));
            Assert.Equal(1, await _jobs.RemindersAsync(job.Id));

            await Eventually.ValueAsync(() => _jobs.RemindersAsync(job.Id), n => n == 0, "the reminder came, found no job and was removed", TimeSpan.FromSeconds(60));
            Assert.Null(await _jobs.ReadModel.GetAsync(job.Id, default));
            Assert.Empty(await _jobs.ReadModel.EventsAsync(job.Id, default));
            Assert.False(_jobs.Backend.Calls.ContainsKey(tag));
        }
        finally
        {
            _jobs.Store(0).StoresReminders = true;
        }
    }

    /// <summary>Submits a new job on silo 0 whose row's insert fails (the connection lost before it was stored).</summary>
    private async Task<(string Tag, Job Job)> SubmitCutShortAsync()
    {
        var tag = "cut-" + Guid.NewGuid().ToString("N");
        var job = JobCluster.NewJob(tag);
        _jobs.Store(0).FailSubmitsOf(job.Id);
        await Assert.ThrowsAnyAsync<Exception>(async () => await _jobs.Client(0).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(10, 100), default));
        return (tag, job);
    }

    [Fact]
    public async Task TheRunnersSiloDies_TheReminderTakesTheJobsUpElsewhere_AnIdempotentOneRunsAgain_AnotherFailsWithOutcomeUnknown()
    {
        var redo = "redo-" + Guid.NewGuid().ToString("N");
        var once = "once-" + Guid.NewGuid().ToString("N");
        var redoJob = JobCluster.NewJob(redo, idempotent: true);
        var onceJob = JobCluster.NewJob(once, idempotent: false);
        var doomed = _jobs.Client(1);
        _jobs.Backend.Deaf(redo);
        _jobs.Backend.Deaf(once);
        await doomed.SubmitAsync(redoJob, JobCluster.Accepted(redoJob), new JobLimits(10, 100), default);
        await doomed.SubmitAsync(onceJob, JobCluster.Accepted(onceJob), new JobLimits(10, 100), default);
        await Eventually.ValueAsync(() => _jobs.Backend.Count(redo, "running") + _jobs.Backend.Count(once, "running"), n => n == 2, "both calls reached the backend", TimeSpan.FromSeconds(60));
        Assert.Equal(_jobs.Node(1), (await _jobs.ReadModel.GetAsync(redoJob.Id, default))!.Runner);

        // The calls ignore the stop (Deaf): as after a SIGKILL, the grains are told nothing of their runs.
        await _jobs.Cluster.KillSiloAsync(_jobs.Cluster.Silos[1]);

        // Nothing calls the grains: their reminders fire on the surviving silo once the dead one is declared dead,
        // and find their jobs running on a node that no longer runs them.
        var failed = await _jobs.WaitForAsync(onceJob.Id, j => j.Status.IsTerminal(), "the non-idempotent job failed");
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(GatewayErrorKind.JobOutcomeUnknown, failed.Error!.Kind);
        Assert.StartsWith("Outcome unknown", failed.Error.Message);
        var rerun = await _jobs.WaitForAsync(redoJob.Id, j => j is { Status: JobStatus.Running, Attempts: 2 }, "the idempotent job runs again");
        Assert.Equal(_jobs.Node(0), rerun.Runner);
        await Eventually.ValueAsync(() => _jobs.Backend.Count(redo, "running"), n => n == 2, "the idempotent call was sent again", TimeSpan.FromSeconds(30));

        _jobs.Backend.Release(redo);

        var done = await _jobs.WaitForAsync(redoJob.Id, j => j.Status.IsTerminal(), "the idempotent job finished");
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(1, _jobs.Backend.Count(once, "running"));
        Assert.Equal(["accepted", "started", "lost", "started", "succeeded"], (await _jobs.ReadModel.EventsAsync(redoJob.Id, default)).Select(e => e.Kind));
        Assert.Equal(["accepted", "started", "lost"], (await _jobs.ReadModel.EventsAsync(onceJob.Id, default)).Select(e => e.Kind));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JobClusterCollection
{
    public const string Name = "job clusters";
}
