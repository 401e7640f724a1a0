using System.Text.Json.Nodes;
using McpGateway.Core.Sessions;

namespace McpGateway.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="ISessionStore"/> engine must do. A subclass per engine supplies fresh, empty storage for each
/// test (xUnit creates one instance per test) and <see cref="CreateStoreAsync"/>. Times are whole milliseconds.
/// </summary>
public abstract class SessionStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A new store instance over this test's storage: a second call is like a restarted node.</summary>
    protected abstract Task<ISessionStore> CreateStoreAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_ThenGet_ReturnsEveryField()
    {
        var store = await CreateStoreAsync();
        var session = NewSession("s1");

        await store.CreateAsync(session, default);

        AssertSame(session, await store.GetAsync("s1", default));
    }

    [Fact]
    public async Task Create_MinimalSession_RoundTripsNulls()
    {
        var store = await CreateStoreAsync();
        var session = new SessionRecord { Id = "s1", ProtocolVersion = "2025-03-26", OwnerUserId = "u", CreatedAt = Start, LastSeenAt = Start };

        await store.CreateAsync(session, default);

        AssertSame(session, await (await CreateStoreAsync()).GetAsync("s1", default));
    }

    [Fact]
    public async Task Create_ExistingId_Throws()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewSession("s1"), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(NewSession("s1") with { OwnerUserId = "mallory" }, default));
        Assert.Equal("alice", (await store.GetAsync("s1", default))!.OwnerUserId);
    }

    [Fact]
    public async Task Get_UnknownSession_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync("nope", default));
    }

    [Fact]
    public async Task Touch_MovesLastSeenForwardOnly()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewSession("s1"), default);

        await store.TouchAsync("s1", Start.AddSeconds(5), default);
        await store.TouchAsync("s1", Start.AddSeconds(2), default);

        Assert.Equal(Start.AddSeconds(5), (await store.GetAsync("s1", default))!.LastSeenAt);
    }

    [Fact]
    public async Task Touch_UnknownSession_DoesNothing()
    {
        var store = await CreateStoreAsync();

        await store.TouchAsync("nope", Start, default);

        Assert.Null(await store.GetAsync("nope", default));
    }

    [Fact]
    public async Task Update_ReplacesMutablePartsOnly()
    {
        var store = await CreateStoreAsync();
        var session = NewSession("s1");
        await store.CreateAsync(session, default);
        var updated = session with
        {
            Initialized = true,
            LogLevel = "debug",
            Subscriptions = ["hello://greeting", "file:///a"],
            ClientCapabilities = new JsonObject { ["roots"] = new JsonObject { ["listChanged"] = true } },
            LastSeenAt = Start.AddMinutes(1),
        };

        await store.UpdateAsync(updated with { OwnerUserId = "mallory", Scope = "other" }, default);

        AssertSame(updated, await store.GetAsync("s1", default));
        AssertSame(updated, await (await CreateStoreAsync()).GetAsync("s1", default));
    }

    [Fact]
    public async Task Update_UnknownSession_DoesNotCreateIt()
    {
        var store = await CreateStoreAsync();

        await store.UpdateAsync(NewSession("s1"), default);

        Assert.Null(await store.GetAsync("s1", default));
    }

    [Fact]
    public async Task Delete_ExistingSession_RemovesItEverywhere()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewSession("s1"), default);

        Assert.True(await store.DeleteAsync("s1", default));

        Assert.Null(await store.GetAsync("s1", default));
        Assert.Null(await (await CreateStoreAsync()).GetAsync("s1", default));
        Assert.False(await store.DeleteAsync("s1", default));
    }

    [Fact]
    public async Task Delete_UnknownSession_ReturnsFalse()
    {
        var store = await CreateStoreAsync();

        Assert.False(await store.DeleteAsync("nope", default));
    }

    [Fact]
    public async Task EvictIdle_RemovesOnlySessionsIdleBeforeTheCutoff()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewSession("old", lastSeen: Start), default);
        await store.CreateAsync(NewSession("edge", lastSeen: Start.AddMinutes(10)), default);
        await store.CreateAsync(NewSession("new", lastSeen: Start.AddMinutes(20)), default);

        var evicted = await store.EvictIdleAsync(Start.AddMinutes(10), default);

        Assert.Equal(["old"], evicted);
        Assert.Null(await store.GetAsync("old", default));
        Assert.NotNull(await store.GetAsync("edge", default));
        var restarted = await CreateStoreAsync();
        Assert.Null(await restarted.GetAsync("old", default));
        Assert.NotNull(await restarted.GetAsync("new", default));
    }

    [Fact]
    public async Task EvictIdle_RecentlyTouchedSession_IsKeptEvenWhenTheWriteWasCoalesced()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewSession("s1", lastSeen: Start), default);
        await store.TouchAsync("s1", Start.AddSeconds(10), default);

        var evicted = await store.EvictIdleAsync(Start.AddSeconds(5), default);

        Assert.Empty(evicted);
        Assert.Equal(Start.AddSeconds(10), (await (await CreateStoreAsync()).GetAsync("s1", default))!.LastSeenAt);
    }

    [Fact]
    public async Task NewInstance_SeesPersistedSessions()
    {
        var first = await CreateStoreAsync();
        var session = NewSession("s1");
        await first.CreateAsync(session, default);

        var second = await CreateStoreAsync();

        AssertSame(session, await second.GetAsync("s1", default));
    }

    [Fact]
    public async Task ConcurrentWriters_OnTwoInstances_DoNotFail()
    {
        var stores = new[] { await CreateStoreAsync(), await CreateStoreAsync() };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var store = stores[worker % 2];
            for (var i = 0; i < 10; i++)
            {
                var id = $"w{worker}-{i}";
                // Only i = 0 is idle before the eviction below, which may run while other workers still write.
                var session = NewSession(id, lastSeen: Start.AddMinutes(i));
                await store.CreateAsync(session, default);
                await store.TouchAsync(id, Start.AddMinutes(i).AddSeconds(40), default);
                await store.UpdateAsync(session with { LogLevel = "info", LastSeenAt = Start.AddMinutes(i) }, default);
                if (i % 5 == 0)
                {
                    await store.DeleteAsync(id, default);
                }
            }

            await store.EvictIdleAsync(Start.AddMinutes(1), default);
        })));

        var check = await CreateStoreAsync();
        Assert.Equal("info", (await check.GetAsync("w3-9", default))!.LogLevel);
        Assert.Null(await check.GetAsync("w3-0", default));
    }

    [Fact]
    public async Task TryCreate_UnderTheOwnersCap_Creates_AtTheCap_StoresNothing()
    {
        var store = await CreateStoreAsync();
        Assert.True(await store.TryCreateAsync(NewSession("a1"), 2, default));
        Assert.True(await store.TryCreateAsync(NewSession("a2"), 2, default));
        Assert.True(await store.TryCreateAsync(NewSession("b1") with { OwnerUserId = "bob" }, 2, default));

        Assert.False(await store.TryCreateAsync(NewSession("a3"), 2, default));

        Assert.Null(await (await CreateStoreAsync()).GetAsync("a3", default));
        AssertSame(NewSession("a2"), await (await CreateStoreAsync()).GetAsync("a2", default));

        // An ended session frees its place.
        await store.DeleteAsync("a1", default);
        Assert.True(await store.TryCreateAsync(NewSession("a4"), 2, default));
    }

    [Fact]
    public async Task TryCreate_ConcurrentlyOnTwoInstances_NeverPassesTheCap()
    {
        var stores = new[] { await CreateStoreAsync(), await CreateStoreAsync() };

        var created = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() =>
            stores[i % 2].TryCreateAsync(NewSession($"c{i}"), 5, default))));

        Assert.Equal(5, created.Count(c => c));
        var check = await CreateStoreAsync();
        var stored = 0;
        for (var i = 0; i < 24; i++)
        {
            stored += await check.GetAsync($"c{i}", default) is null ? 0 : 1;
        }

        Assert.Equal(5, stored);
    }

    protected static SessionRecord NewSession(string id, DateTimeOffset? lastSeen = null) => new()
    {
        Id = id,
        ProtocolVersion = "2025-11-25",
        Scope = "hello",
        OwnerUserId = "alice",
        ClientInfo = new JsonObject { ["name"] = "test-client", ["version"] = "1.0" },
        ClientCapabilities = new JsonObject { ["sampling"] = new JsonObject() },
        Initialized = false,
        LogLevel = null,
        Subscriptions = ["hello://greeting"],
        CreatedAt = Start,
        LastSeenAt = lastSeen ?? Start,
    };

    protected static void AssertSame(SessionRecord expected, SessionRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ProtocolVersion, actual.ProtocolVersion);
        Assert.Equal(expected.Scope, actual.Scope);
        Assert.Equal(expected.OwnerUserId, actual.OwnerUserId);
        Assert.Equal(expected.ClientInfo?.ToJsonString(), actual.ClientInfo?.ToJsonString());
        Assert.Equal(expected.ClientCapabilities?.ToJsonString(), actual.ClientCapabilities?.ToJsonString());
        Assert.Equal(expected.Initialized, actual.Initialized);
        Assert.Equal(expected.LogLevel, actual.LogLevel);
        Assert.Equal(expected.Subscriptions, actual.Subscriptions);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.LastSeenAt, actual.LastSeenAt);
    }
}
