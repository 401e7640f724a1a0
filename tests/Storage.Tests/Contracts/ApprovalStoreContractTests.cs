using McpGateway.Core.Approvals;

namespace McpGateway.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IApprovalStore"/> engine must do; a subclass per engine supplies fresh storage for each test.
/// The races are real: many tasks (and store instances, like nodes) hit one row at once, and one wins.
/// </summary>
public abstract class ApprovalStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A new store instance over this test's storage: a second call is like another node.</summary>
    protected abstract Task<IApprovalStore> CreateStoreAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static Approval NewApproval(string id, string user = "alice", string digest = "d1", DateTimeOffset? created = null) => new()
    {
        Id = id,
        UserId = user,
        Tenant = "acme",
        Tool = "git.push",
        Backend = "git",
        Risk = "high",
        Arguments = """{"branch":"main"}""",
        ArgumentsDigest = digest,
        RuleId = "risk.high:approve",
        PolicyVersion = "abc123",
        Status = ApprovalStatus.Pending,
        CreatedAt = created ?? Start,
        ExpiresAt = (created ?? Start).AddMinutes(15),
    };

    [Fact]
    public async Task Add_ThenGet_ReturnsEveryField()
    {
        var store = await CreateStoreAsync();
        var approval = NewApproval("apr_1");
        await store.AddAsync(approval, default);

        var read = await (await CreateStoreAsync()).GetAsync("apr_1", default);
        Assert.Equal(approval, read);
        Assert.Null(await store.GetAsync("apr_none", default));
    }

    [Fact]
    public async Task FindPending_MatchesUserToolAndDigest_AndSkipsExpiredOrDecided()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(NewApproval("apr_old", created: Start.AddMinutes(-20)), default);
        await store.AddAsync(NewApproval("apr_1"), default);
        await store.AddAsync(NewApproval("apr_bob", user: "bob"), default);
        await store.AddAsync(NewApproval("apr_other", digest: "d2"), default);

        Assert.Equal("apr_1", (await store.FindPendingAsync("alice", "git.push", "d1", Start.AddMinutes(1), default))?.Id);
        Assert.Null(await store.FindPendingAsync("alice", "git.log", "d1", Start, default));
        Assert.Null(await store.FindPendingAsync("alice", "git.push", "d1", Start.AddMinutes(15), default));

        await store.DecideAsync("apr_1", ApprovalStatus.Rejected, "root", null, Start.AddMinutes(1), Start.AddMinutes(16), default);
        Assert.Null(await store.FindPendingAsync("alice", "git.push", "d1", Start.AddMinutes(2), default));
    }

    [Fact]
    public async Task AddPending_RacedByManyNodes_KeepsOnePendingApprovalPerUserToolAndArguments()
    {
        var stores = new List<IApprovalStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await CreateStoreAsync());
        }

        var now = Start.AddMinutes(1);
        var kept = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => stores[i % stores.Count].AddPendingAsync(NewApproval($"apr_{i}"), now, default))));

        var id = Assert.Single(kept.Select(k => k.Id).Distinct());
        Assert.Equal(id, Assert.Single(await stores[0].ListAsync(ApprovalStatus.Pending, now, 100, default)).Id);

        // Another user, other arguments, or a pending approval that has expired: a new one.
        Assert.Equal("apr_bob", (await stores[1].AddPendingAsync(NewApproval("apr_bob", user: "bob"), now, default)).Id);
        Assert.Equal("apr_d2", (await stores[2].AddPendingAsync(NewApproval("apr_d2", digest: "d2"), now, default)).Id);
        var later = Start.AddMinutes(15);
        Assert.Equal("apr_later", (await stores[3].AddPendingAsync(NewApproval("apr_later", created: later), later, default)).Id);

        // A decided approval is not pending: the same call held again gets a new one.
        await stores[0].DecideAsync("apr_later", ApprovalStatus.Rejected, "root", null, later, later.AddMinutes(10), default);
        Assert.Equal("apr_again", (await stores[0].AddPendingAsync(NewApproval("apr_again", created: later), later, default)).Id);
    }

    [Fact]
    public async Task Decide_AppliesOnlyToAPendingUnexpiredApproval()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(NewApproval("apr_1"), default);
        await store.AddAsync(NewApproval("apr_2"), default);

        var approved = await store.DecideAsync("apr_1", ApprovalStatus.Approved, "root", "ok", Start.AddMinutes(1), Start.AddMinutes(11), default);
        Assert.Equal((ApprovalStatus.Approved, "root", "ok", Start.AddMinutes(1), Start.AddMinutes(11)), (approved!.Status, approved.DecidedBy, approved.Reason, approved.DecidedAt, approved.ExpiresAt));
        Assert.Null(await store.DecideAsync("apr_1", ApprovalStatus.Rejected, "root", null, Start.AddMinutes(2), Start.AddMinutes(12), default));
        Assert.Null(await store.DecideAsync("apr_2", ApprovalStatus.Approved, "root", null, Start.AddMinutes(15), Start.AddMinutes(25), default));
        Assert.Null(await store.DecideAsync("apr_none", ApprovalStatus.Approved, "root", null, Start, Start.AddMinutes(10), default));
        Assert.Equal(ApprovalStatus.Approved, (await store.GetAsync("apr_1", default))!.Status);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.DecideAsync("apr_2", ApprovalStatus.Used, "root", null, Start, Start, default));
    }

    [Fact]
    public async Task TryUse_SucceedsOnceForAnApprovedUnexpiredApproval()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(NewApproval("apr_1"), default);
        Assert.False(await store.TryUseAsync("apr_1", Start.AddMinutes(1), default));

        await store.DecideAsync("apr_1", ApprovalStatus.Approved, "root", null, Start.AddMinutes(1), Start.AddMinutes(11), default);
        Assert.False(await store.TryUseAsync("apr_1", Start.AddMinutes(11), default));
        Assert.True(await store.TryUseAsync("apr_1", Start.AddMinutes(10), default));
        Assert.False(await store.TryUseAsync("apr_1", Start.AddMinutes(10), default));

        var used = await store.GetAsync("apr_1", default);
        Assert.Equal((ApprovalStatus.Used, Start.AddMinutes(10)), (used!.Status, used.UsedAt));
    }

    [Fact]
    public async Task TryUse_RacedByManyNodes_HasOneWinner()
    {
        var first = await CreateStoreAsync();
        await first.AddAsync(NewApproval("apr_1"), default);
        await first.DecideAsync("apr_1", ApprovalStatus.Approved, "root", null, Start.AddMinutes(1), Start.AddMinutes(11), default);
        var stores = new List<IApprovalStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await CreateStoreAsync());
        }

        var wins = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => stores[i % stores.Count].TryUseAsync("apr_1", Start.AddMinutes(2), default))));

        Assert.Single(wins, w => w);
    }

    [Fact]
    public async Task Decide_RacedApproveAndReject_HasOneWinner()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(NewApproval("apr_1"), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            store.DecideAsync("apr_1", i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Rejected, $"admin{i}", null, Start.AddMinutes(1), Start.AddMinutes(11), default))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner!.Status, (await store.GetAsync("apr_1", default))!.Status);
    }

    [Fact]
    public async Task List_FiltersByStatusAtNow_NewestFirst()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(NewApproval("apr_a", created: Start), default);
        await store.AddAsync(NewApproval("apr_b", created: Start.AddMinutes(1)), default);
        await store.AddAsync(NewApproval("apr_c", created: Start.AddMinutes(2)), default);
        await store.AddAsync(NewApproval("apr_d", created: Start.AddMinutes(3)), default);
        await store.DecideAsync("apr_b", ApprovalStatus.Approved, "root", null, Start.AddMinutes(4), Start.AddMinutes(30), default);
        await store.DecideAsync("apr_c", ApprovalStatus.Rejected, "root", null, Start.AddMinutes(4), Start.AddMinutes(30), default);
        await store.DecideAsync("apr_d", ApprovalStatus.Approved, "root", null, Start.AddMinutes(4), Start.AddMinutes(30), default);
        await store.TryUseAsync("apr_d", Start.AddMinutes(5), default);
        var now = Start.AddMinutes(16);   // apr_a (pending) has expired; apr_b (approved until +30) has not

        async Task<string[]> Ids(ApprovalStatus? status, int limit = 10) => [.. (await store.ListAsync(status, now, limit, default)).Select(a => a.Id)];

        Assert.Equal(["apr_d", "apr_c", "apr_b", "apr_a"], await Ids(null));
        Assert.Equal(["apr_d", "apr_c"], await Ids(null, 2));
        Assert.Equal(["apr_a"], await Ids(ApprovalStatus.Expired));
        Assert.Empty(await Ids(ApprovalStatus.Pending));
        Assert.Equal(["apr_b"], await Ids(ApprovalStatus.Approved));
        Assert.Equal(["apr_c"], await Ids(ApprovalStatus.Rejected));
        Assert.Equal(["apr_d"], await Ids(ApprovalStatus.Used));
    }
}
