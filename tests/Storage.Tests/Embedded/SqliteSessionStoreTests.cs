using McpGateway.Core.Sessions;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Embedded;

public sealed class SqliteSessionStoreTests : SessionStoreContractTests
{
    private readonly SqliteStorageFixture _storage = new();

    protected override Task<ISessionStore> CreateStoreAsync() => Task.FromResult<ISessionStore>(NewStore());

    public override Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Touch_WithinWriteInterval_DoesNotWriteTheTable()
    {
        var store = NewStore();
        await store.CreateAsync(NewSession("s1"), default);

        await store.TouchAsync("s1", Start.AddSeconds(29), default);

        Assert.Equal(Start, StoredLastSeen("s1"));
        Assert.Equal(Start.AddSeconds(29), (await store.GetAsync("s1", default))!.LastSeenAt);
    }

    [Fact]
    public async Task Touch_OnceTheTableLagsByTheWriteInterval_WritesIt()
    {
        var store = NewStore();
        await store.CreateAsync(NewSession("s1"), default);
        await store.TouchAsync("s1", Start.AddSeconds(10), default);

        await store.TouchAsync("s1", Start.AddSeconds(30), default);
        await store.TouchAsync("s1", Start.AddSeconds(45), default);

        Assert.Equal(Start.AddSeconds(30), StoredLastSeen("s1"));
    }

    [Fact]
    public async Task Get_CachedSession_IsServedFromMemory()
    {
        var store = NewStore();
        await store.CreateAsync(NewSession("s1"), default);
        using (var connection = _storage.OpenDatabase().Open())
        {
            connection.Execute("DELETE FROM sessions");
        }

        var task = store.GetAsync("s1", default);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.NotNull(await task);
    }

    [Fact]
    public async Task Get_AfterRestart_LoadsFromTheTableOnce()
    {
        await NewStore().CreateAsync(NewSession("s1"), default);
        var restarted = NewStore();
        Assert.NotNull(await restarted.GetAsync("s1", default));
        using (var connection = _storage.OpenDatabase().Open())
        {
            connection.Execute("DELETE FROM sessions");
        }

        Assert.NotNull(await restarted.GetAsync("s1", default));
    }

    [Fact]
    public async Task Dispose_WritesActivityHeldBackByCoalescing()
    {
        var store = NewStore();
        await store.CreateAsync(NewSession("s1"), default);
        await store.TouchAsync("s1", Start.AddSeconds(12), default);

        store.Dispose();

        Assert.Equal(Start.AddSeconds(12), StoredLastSeen("s1"));
    }

    private SqliteSessionStore NewStore() => _storage.Track(new SqliteSessionStore(_storage.OpenDatabase()));

    private DateTimeOffset StoredLastSeen(string id)
    {
        using var connection = _storage.OpenDatabase().Open();
        return DateTimeOffset.FromUnixTimeMilliseconds(
            connection.Query("SELECT last_seen_at FROM sessions WHERE id = $id", r => r.GetInt64(0), ("$id", id)).Single());
    }
}
