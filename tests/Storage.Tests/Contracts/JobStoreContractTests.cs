using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;

namespace McpGateway.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IJobStore"/> engine must do. A subclass per engine supplies fresh, empty storage for each
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
        await store.UpdateAsync(first.Id, j => JobLifecycle.Cancel(j, Start), null, default);

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
    public async Task Claim_TakesTheOldestClaimableJob_AndLeasesIt()
    {
        var store = await CreateStoreAsync();
        var later = NewJob("alice", Start.AddSeconds(1));
        var older = NewJob("bob", Start);
        var delayed = NewJob("carol", Start) with { NotBefore = Start.AddMinutes(5) };
        foreach (var job in new[] { later, older, delayed })
        {
            await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        }

        var claimed = await store.ClaimAsync("node-a", Start.AddSeconds(2), TimeSpan.FromSeconds(15), default);

        Assert.Equal(older.Id, claimed!.Id);
        Assert.Equal(JobStatus.Running, claimed.Status);
        Assert.Equal("node-a", claimed.LeaseOwner);
        Assert.Equal(Start.AddSeconds(17), claimed.LeaseExpiresAt);
        Assert.Equal(1, claimed.Attempts);
        AssertSame(claimed, await store.GetAsync(older.Id, default));
        Assert.Equal(later.Id, (await store.ClaimAsync("node-a", Start.AddSeconds(2), TimeSpan.FromSeconds(15), default))!.Id);
        Assert.Null(await store.ClaimAsync("node-a", Start.AddSeconds(2), TimeSpan.FromSeconds(15), default));
        Assert.Equal(delayed.Id, (await store.ClaimAsync("node-b", Start.AddMinutes(5), TimeSpan.FromSeconds(15), default))!.Id);
        Assert.Equal(["accepted", "started"], (await store.EventsAsync(older.Id, default)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Claim_ByManyWorkersAtOnce_HandsEachJobToExactlyOne()
    {
        var submitter = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var job = NewJob("u" + (i % 7));
            ids.Add(job.Id);
            await submitter.SubmitAsync(job, Accepted(job), NoLimits, default);
        }

        var claimed = new ConcurrentBag<string>();
        var stores = new List<IJobStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await CreateStoreAsync());
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var store = stores[worker % stores.Count];
            while (await store.ClaimAsync("node-" + worker, Start, TimeSpan.FromSeconds(15), default) is { } job)
            {
                claimed.Add(job.Id);
            }
        })));

        Assert.Equal(ids.Order(), claimed.Order());
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
    public async Task Update_AppliesTheTransitionAndItsEvent_OrLeavesTheRowWhenItDoesNotApply()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");
        await store.SubmitAsync(job, Accepted(job), NoLimits, default);

        var cancelled = await store.UpdateAsync(job.Id, j => JobLifecycle.Cancel(j, Start.AddSeconds(1)), j => new JobEvent(j.Id, Start, "cancelled", null, []), default);
        var again = await store.UpdateAsync(job.Id, j => JobLifecycle.Cancel(j, Start.AddSeconds(2)), j => new JobEvent(j.Id, Start, "cancelled", null, []), default);

        Assert.True(cancelled!.Changed);
        Assert.Equal(JobStatus.Cancelled, cancelled.Job.Status);
        Assert.False(again!.Changed);
        Assert.Equal(cancelled.Job.Version, again.Job.Version);
        Assert.Equal(GatewayErrorKind.Cancelled, (await store.GetAsync(job.Id, default))!.Error!.Kind);
        Assert.Equal(["accepted", "cancelled"], (await store.EventsAsync(job.Id, default)).Select(e => e.Kind));
        Assert.Null(await store.UpdateAsync(JobId.New(), j => j, null, default));
    }

    [Fact]
    public async Task Succeed_KeepsTheResultExactly()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");
        await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        await store.ClaimAsync("n", Start, TimeSpan.FromSeconds(15), default);
        var result = JsonNode.Parse("""{"content":[{"type":"text","text":"ünïcødé \"q\""}],"structuredContent":{"n":1.5,"big":12345678901234567890},"isError":false,"_meta":{"x":[null,true]}}""")!;

        await store.UpdateAsync(job.Id, j => JobLifecycle.Succeed(j, "n", result, Start.AddSeconds(1)), null, default);

        var stored = await (await CreateStoreAsync()).GetAsync(job.Id, default);
        Assert.Equal(JobStatus.Succeeded, stored!.Status);
        Assert.True(JsonNode.DeepEquals(result, stored.Result));
        Assert.Equal(Start.AddSeconds(1) + job.Retention, stored.ExpiresAt);
    }

    [Fact]
    public async Task FindLost_ListsRunningJobsWhoseLeaseRanOut()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice");
        await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        await store.ClaimAsync("n", Start, TimeSpan.FromSeconds(15), default);

        Assert.Empty(await store.FindLostAsync(Start.AddSeconds(14), 10, default));
        Assert.Equal([job.Id], await store.FindLostAsync(Start.AddSeconds(15), 10, default));
    }

    [Fact]
    public async Task ExpireThenPurge_DropsTheResultThenTheRow_ButKeepsTheHistory()
    {
        var store = await CreateStoreAsync();
        var job = NewJob("alice") with { Retention = TimeSpan.FromMinutes(1) };
        await store.SubmitAsync(job, Accepted(job), NoLimits, default);
        await store.ClaimAsync("n", Start, TimeSpan.FromSeconds(15), default);
        await store.UpdateAsync(job.Id, j => JobLifecycle.Succeed(j, "n", new JsonObject { ["content"] = new JsonArray() }, Start), null, default);

        Assert.Empty(await store.FindExpiredAsync(Start.AddSeconds(59), 10, default));
        Assert.Equal([job.Id], await store.FindExpiredAsync(Start.AddMinutes(1), 10, default));
        await store.UpdateAsync(job.Id, j => JobLifecycle.Expire(j, Start.AddMinutes(1), Settings), null, default);
        var expired = await store.GetAsync(job.Id, default);
        Assert.Equal(JobStatus.Expired, expired!.Status);
        Assert.Null(expired.Result);
        Assert.Empty(await store.FindExpiredAsync(Start.AddMinutes(2), 10, default));

        Assert.Equal(0, await store.PurgeAsync(Start.AddMinutes(1) + Settings.PurgeAfter - TimeSpan.FromSeconds(1), default));
        Assert.Equal(1, await store.PurgeAsync(Start.AddMinutes(1) + Settings.PurgeAfter, default));
        Assert.Null(await store.GetAsync(job.Id, default));
        Assert.Equal(["accepted", "started"], (await store.EventsAsync(job.Id, default)).Select(e => e.Kind));
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
