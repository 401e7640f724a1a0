using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;

namespace McpGateway.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IJobStore"/> engine (the jobs table: the job grains' state and the read model) must do. A subclass per engine supplies fresh, empty storage for each
/// test and <see cref="CreateStoreAsync"/> (a second call is like another node on the same storage).
/// </summary>
public abstract class JobStoreContractTests : IAsyncLifetime
{
    internal static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly JobLimits NoLimits = new(int.MaxValue, int.MaxValue);
    private static readonly JobSettings Settings = new();

    protected abstract Task<IJobStore> CreateStoreAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Submit_ThenGet_ReturnsEveryField()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice") with
        {
            Tenant = "acme",
            Scope = "hello",
            SessionId = "s1",
            Idempotent = true,
            Origin = JobOrigin.Task,
        };

        Assert.Equal(JobSubmitOutcome.Accepted, await store.SubmitAsync(job, Accepted(job), NoLimits, default));

        AssertSame(job, await (await CreateStoreAsync()).GetAsync(job.Id, default));
    }

    [Fact]
    public async Task Submit_StoresTheAcceptanceEventWithTheJob()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");

        await store.SubmitAsync(job, Accepted(job), NoLimits, default);

        var events = await store.EventsAsync(job.Id, default);
        var accepted = Assert.Single(events);
        Assert.Equal("accepted", accepted.Kind);
        Assert.Equal("alice", accepted.Detail["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_OverTheActiveCap_IsRefusedAndStoresNothing()
    {
        var store = await CreateStoreAsync();
        var limits = new JobLimits(MaxActive: 2, MaxStored: 10);
        await store.SubmitAsync(NewJob("alice"), Accepted(NewJob("alice")), limits, default);
        await store.SubmitAsync(NewJob("alice"), Accepted(NewJob("alice")), limits, default);
        var third = NewJob("alice");

        Assert.Equal(JobSubmitOutcome.TooManyActive, await store.SubmitAsync(third, Accepted(third), limits, default));
        Assert.Null(await store.GetAsync(third.Id, default));
        Assert.Empty(await store.EventsAsync(third.Id, default));
        Assert.Equal(JobSubmitOutcome.Accepted, await store.SubmitAsync(NewJob("bob"), Accepted(NewJob("bob")), limits, default));
    }

    [Fact]
    public async Task Submit_OverTheStoredCap_CountsFinishedJobs()
    {
        var store = await CreateStoreAsync();
        var limits = new JobLimits(MaxActive: 10, MaxStored: 1);
        var first = NewJob("alice");
        await store.SubmitAsync(first, Accepted(first), limits, default);
        await store.SaveAsync(JobLifecycle.Cancel(first, Start)!, null, default);

        Assert.Equal(JobSubmitOutcome.TooManyStored, await store.SubmitAsync(NewJob("alice"), Accepted(NewJob("alice")), limits, default));
    }

    [Fact]
    public async Task Submit_ManyAtOnceFromSeveralNodes_NeverExceedsTheActiveCap()
    {
        var stores = new List<IJobStore>();
        for (var i = 0; i < 3; i++)
        {
            stores.Add(await CreateStoreAsync());
        }

        var limits = new JobLimits(MaxActive: 5, MaxStored: 100);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            var job = NewJob("alice");
            return await stores[i % stores.Count].SubmitAsync(job, Accepted(job), limits, default);
        })));

        Assert.Equal(5, outcomes.Count(o => o == JobSubmitOutcome.Accepted));
        Assert.All(outcomes.Where(o => o != JobSubmitOutcome.Accepted), o => Assert.Equal(JobSubmitOutcome.TooManyActive, o));
        Assert.Equal(5, (await stores[0].ListAsync("alice", new JobPageRequest(100), default)).Count);
    }

    [Fact]
    public async Task Save_WritesTheRowForward_WithItsEvent_NeverBack()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");
        await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        var running = JobLifecycle.Claim(job, "node-a", Start);
        var cancelled = JobLifecycle.Cancel(running, Start.AddSeconds(1))!;

        Assert.True(await store.SaveAsync(running, new JobEvent(job.Id, Start, "started", "node-a", []), default));
        Assert.True(await store.SaveAsync(cancelled, new JobEvent(job.Id, Start, "cancelled", null, []), default));
        Assert.False(await (await CreateStoreAsync()).SaveAsync(running, new JobEvent(job.Id, Start, "started", "node-a", []), default));
        Assert.False(await store.SaveAsync(cancelled, null, default));

        AssertSame(cancelled, await store.GetAsync(job.Id, default));
        Assert.Equal(["accepted", "started", "cancelled"], (await store.EventsAsync(job.Id, default)).Select(e => e.Kind));
        Assert.False(await store.SaveAsync(NewJob("bob") with { Version = 3 }, null, default));
        Assert.Empty(await store.ListAsync("bob", new JobPageRequest(10), default));
    }

    [Fact]
    public async Task Submit_OfAnIdAlreadyStored_WritesNothing_AndCountsNoCap()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");
        await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        var running = JobLifecycle.Claim(job, "node-a", Start);
        await store.SaveAsync(running, new JobEvent(job.Id, Start, "started", "node-a", []), default);

        // Repeated (a retried submit reaching a new activation of the job's grain), even with the owner at both caps.
        Assert.Equal(JobSubmitOutcome.AlreadyStored, await (await CreateStoreAsync()).SubmitAsync(job, Accepted(job), new JobLimits(0, 0), default));
        Assert.Equal(JobSubmitOutcome.AlreadyStored, await store.SubmitAsync(job, Accepted(job), NoLimits, default));

        AssertSame(running, await store.GetAsync(job.Id, default));
        Assert.Equal(["accepted", "started"], (await store.EventsAsync(job.Id, default)).Select(e => e.Kind));
    }

    [Fact]
    public async Task LiveIds_PageThroughEveryStoredJob_InIdOrder()
    {
        var store = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var job = NewJob("u" + (i % 3));
            ids.Add(job.Id);
            await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        }

        var first = await store.LiveIdsAsync(null, 4, default);
        var second = await store.LiveIdsAsync(first[^1], 4, default);

        Assert.Equal(ids.Order(StringComparer.Ordinal), first.Concat(second));
    }

    [Fact]
    public async Task Submit_AThousandAtOnce_StoresEveryJobOnce()
    {
        var stores = new List<IJobStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await CreateStoreAsync());
        }

        var jobs = Enumerable.Range(0, 1000).Select(i => NewJob("user" + (i % 10))).ToList();

        await Task.WhenAll(jobs.Select((job, i) => Task.Run(async () =>
            Assert.Equal(JobSubmitOutcome.Accepted, await stores[i % stores.Count].SubmitAsync(job, Accepted(job), NoLimits, default)))));

        var listed = new List<Job>();
        for (var u = 0; u < 10; u++)
        {
            listed.AddRange(await stores[0].ListAsync("user" + u, new JobPageRequest(1000), default));
        }

        Assert.Equal(jobs.Select(j => j.Id).Order(), listed.Select(j => j.Id).Order());
    }

    [Fact]
    public async Task Succeed_KeepsTheResultExactly()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");
        await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        var running = JobLifecycle.Claim(job, "n", Start);
        var result = JsonNode.Parse("""{"content":[{"type":"text","text":"ünïcødé \"q\""}],"structuredContent":{"n":1.5,"big":12345678901234567890},"isError":false,"_meta":{"x":[null,true]}}""")!;

        await store.SaveAsync(JobLifecycle.Succeed(running, "n", result, Start.AddSeconds(1))!, null, default);

        var stored = await (await CreateStoreAsync()).GetAsync(job.Id, default);
        Assert.Equal(JobStatus.Succeeded, stored!.Status);
        Assert.True(JsonNode.DeepEquals(result, stored.Result));
        Assert.Equal(Start.AddSeconds(1) + job.Retention, stored.ExpiresAt);
    }

    [Fact]
    public async Task ExpireThenDelete_DropsTheResultThenTheRow_ButKeepsTheHistory()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice") with { Retention = TimeSpan.FromMinutes(1) };
        await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        var succeeded = JobLifecycle.Succeed(JobLifecycle.Claim(job, "n", Start), "n", new JsonObject { ["content"] = new JsonArray() }, Start)!;
        await store.SaveAsync(succeeded, new JobEvent(job.Id, Start, "succeeded", "n", []), default);

        await store.SaveAsync(JobLifecycle.Expire(succeeded, Start.AddMinutes(1), Settings)!, null, default);
        var expired = await store.GetAsync(job.Id, default);
        Assert.Equal(JobStatus.Expired, expired!.Status);
        Assert.Null(expired.Result);

        await store.DeleteAsync(job.Id, default);
        Assert.Null(await store.GetAsync(job.Id, default));
        Assert.Empty(await store.LiveIdsAsync(null, 10, default));
        Assert.Equal(["accepted", "succeeded"], (await store.EventsAsync(job.Id, default)).Select(e => e.Kind));
    }

    [Fact]
    public async Task List_IsNewestFirst_PerOwner_InPages()
    {
        var store = await CreateStoreAsync();
        var mine = new List<Job>();
        for (var i = 0; i < 5; i++)
        {
            var job = NewJob("alice", Start.AddSeconds(i));
            mine.Add(job);
            await store.SubmitAsync(job, Accepted(job), NoLimits, default);
            var other = NewJob("bob", Start.AddSeconds(i));
            await store.SubmitAsync(other, Accepted(other), NoLimits, default);
        }

        var first = await store.ListAsync("alice", new JobPageRequest(3), default);
        var second = await store.ListAsync("alice", new JobPageRequest(3, first[^1].Id), default);
        var everyone = await store.ListAsync(null, new JobPageRequest(100), default);

        Assert.Equal(mine.AsEnumerable().Reverse().Select(j => j.Id), first.Concat(second).Select(j => j.Id));
        Assert.Equal(10, everyone.Count);
    }

    internal static Job NewJob(string owner, DateTimeOffset? created = null) => new()
    {
        Id = JobId.New(),
        OwnerId = owner,
        Roles = ["developer", "ops"],
        Tool = "hello.slow",
        Params = new JsonObject { ["name"] = "hello.slow", ["arguments"] = new JsonObject { ["seconds"] = 2 } },
        Origin = JobOrigin.Rest,
        MaxAttempts = 3,
        NotBefore = created ?? Start,
        CreatedAt = created ?? Start,
        UpdatedAt = created ?? Start,
        Retention = TimeSpan.FromHours(1),
        RequestId = "req-1",
        CorrelationId = "corr-1",
    };

    internal static JobEvent Accepted(Job job) =>
        new(job.Id, job.CreatedAt, "accepted", null, new JsonObject { ["user_id"] = job.OwnerId, ["tool"] = job.Tool });

    private static void AssertSame(Job expected, Job? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonNode.DeepEquals(expected.Params, actual.Params));
        Assert.True(JsonNode.DeepEquals(expected.Result, actual.Result));
        Assert.True(JsonNode.DeepEquals(expected.Progress, actual.Progress));
        Assert.Equal(expected.Roles, actual.Roles);
        Assert.Equal(expected with { Params = actual.Params, Result = actual.Result, Progress = actual.Progress, Roles = actual.Roles }, actual);
    }
}
