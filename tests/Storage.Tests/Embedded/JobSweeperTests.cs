using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Storage.Tests.Embedded;

/// <summary>The sweeper over a real store, on a held clock: lost leases, expiry, purge.</summary>
public sealed class JobSweeperTests : IDisposable
{
    private static readonly DateTimeOffset Start = JobStoreContractTests.Start;
    private readonly SqliteStorageFixture _storage = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly JobSettings _settings = new() { Lease = TimeSpan.FromSeconds(15), PurgeAfter = TimeSpan.FromMinutes(30) };

    private Task<IJobStore> CreateStoreAsync() =>
        Task.FromResult<IJobStore>(_storage.Track(new SqliteJobStore(_storage.OpenDatabase())));

    public void Dispose() => _storage.Dispose();

    private static Job NewJob(string owner) => JobStoreContractTests.NewJob(owner);

    private static JobEvent Accepted(Job job) => JobStoreContractTests.Accepted(job);

    private JobSweeper Sweeper(IJobStore store, IJobSignals? signals = null) =>
        new(store, signals ?? new LocalJobSignals(), _settings, _clock, NullLogger<JobSweeper>.Instance);

    [Fact]
    public async Task Sweep_JobOfADeadNode_NotYetSent_IsQueuedAgain_AndWakesWorkers()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");
        await store.SubmitAsync(job, Accepted(job), new JobLimits(10, 10), default);
        await store.ClaimAsync("dead-node", Start, _settings.Lease, default);
        var signals = new LocalJobSignals();
        var woken = 0;
        signals.WorkAvailable += () => woken++;

        _clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(0, await Sweeper(store, signals).SweepAsync(default));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Sweeper(store, signals).SweepAsync(default));

        var recovered = await store.GetAsync(job.Id, default);
        Assert.Equal(JobStatus.Queued, recovered!.Status);
        Assert.Equal(1, woken);
        Assert.Contains("lost", (await store.EventsAsync(job.Id, default)).Select(e => e.Kind));
        Assert.Equal(job.Id, (await store.ClaimAsync("live-node", recovered.NotBefore, _settings.Lease, default))!.Id);
    }

    [Fact]
    public async Task Sweep_JobOfADeadNode_AlreadySent_ToANonIdempotentTool_FailsWithOutcomeUnknown()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");
        await store.SubmitAsync(job, Accepted(job), new JobLimits(10, 10), default);
        await store.ClaimAsync("dead-node", Start, _settings.Lease, default);
        await store.UpdateAsync(job.Id, j => JobLifecycle.MarkDispatched(j, "dead-node", Start), null, default);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Sweeper(store).SweepAsync(default);

        var failed = await store.GetAsync(job.Id, default);
        Assert.Equal(JobStatus.Failed, failed!.Status);
        Assert.Equal(GatewayErrorKind.JobOutcomeUnknown, failed.Error!.Kind);
    }

    [Fact]
    public async Task RecoverNode_TakesBackTheJobsOfTheNodeMarkedDead_BeforeTheirLeasesRunOut_AndNoOtherNodes()
    {
        var store = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var job = NewJob("alice");
            ids.Add(job.Id);
            await store.SubmitAsync(job, Accepted(job), new JobLimits(10, 10), default);
        }

        var dead = new[] { (await store.ClaimAsync("dead-node", Start, _settings.Lease, default))!.Id, (await store.ClaimAsync("dead-node", Start, _settings.Lease, default))!.Id };
        var alive = (await store.ClaimAsync("live-node", Start, _settings.Lease, default))!.Id;
        await store.UpdateAsync(dead[1], j => JobLifecycle.MarkDispatched(j, "dead-node", Start), null, default);
        Assert.Equal(dead.Order(), (await store.FindHeldAsync("dead-node", 10, default)).Order());

        // Well within the lease: the sweep alone would wait for it to run out.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await new JobNodeRecovery(Sweeper(store)).RecoverAsync("dead-node", default);

        Assert.Equal(JobStatus.Queued, (await store.GetAsync(dead[0], default))!.Status);
        var unknown = (await store.GetAsync(dead[1], default))!;
        Assert.Equal(JobStatus.Failed, unknown.Status);
        Assert.Equal(GatewayErrorKind.JobOutcomeUnknown, unknown.Error!.Kind);
        Assert.Equal(JobStatus.Running, (await store.GetAsync(alive, default))!.Status);
        Assert.Empty(await store.FindHeldAsync("dead-node", 10, default));
        Assert.Equal(0, await Sweeper(store).RecoverNodeAsync("dead-node", default));
        Assert.Equal([alive], await store.FindHeldAsync("live-node", 10, default));
        Assert.Contains("lost", (await store.EventsAsync(dead[0], default)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Sweep_ExpiresResultsAfterTheirRetention_ThenPurges()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice") with { Retention = TimeSpan.FromMinutes(5) };
        await store.SubmitAsync(job, Accepted(job), new JobLimits(10, 10), default);
        await store.ClaimAsync("n", Start, _settings.Lease, default);
        await store.UpdateAsync(job.Id, j => JobLifecycle.Succeed(j, "n", new JsonObject { ["content"] = new JsonArray() }, Start), null, default);
        var sweeper = Sweeper(store);

        _clock.Advance(TimeSpan.FromMinutes(4));
        await sweeper.SweepAsync(default);
        Assert.Equal(JobStatus.Succeeded, (await store.GetAsync(job.Id, default))!.Status);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await sweeper.SweepAsync(default);
        var expired = await store.GetAsync(job.Id, default);
        Assert.Equal(JobStatus.Expired, expired!.Status);
        Assert.Null(expired.Result);

        _clock.Advance(TimeSpan.FromMinutes(30));
        await sweeper.SweepAsync(default);
        Assert.Null(await store.GetAsync(job.Id, default));
    }
}
