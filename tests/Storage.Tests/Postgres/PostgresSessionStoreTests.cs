using McpGateway.Core.Sessions;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Tests.Contracts;
using Npgsql;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresSessionStoreTests : SessionStoreContractTests
{
    private readonly PostgresStorageFixture _storage = new();

    protected override async Task<ISessionStore> CreateStoreAsync() => await NewStoreAsync();

    public override async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task Touch_WithinWriteInterval_DoesNotWriteTheTable()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(NewSession("s1"), default);

        await store.TouchAsync("s1", Start.AddSeconds(29), default);

        Assert.Equal(Start, await StoredLastSeenAsync("s1"));
        Assert.Equal(Start.AddSeconds(29), (await store.GetAsync("s1", default))!.LastSeenAt);
    }

    [Fact]
    public async Task Touch_OnceTheTableLagsByTheWriteInterval_WritesIt()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(NewSession("s1"), default);
        await store.TouchAsync("s1", Start.AddSeconds(10), default);

        await store.TouchAsync("s1", Start.AddSeconds(30), default);
        await store.TouchAsync("s1", Start.AddSeconds(45), default);

        Assert.Equal(Start.AddSeconds(30), await StoredLastSeenAsync("s1"));
    }

    [Fact]
    public async Task Touch_SessionCreatedOnAnotherNode_WritesThrough()
    {
        await (await NewStoreAsync()).CreateAsync(NewSession("s1"), default);
        var other = await NewStoreAsync();

        await other.TouchAsync("s1", Start.AddSeconds(3), default);

        Assert.Equal(Start.AddSeconds(3), await StoredLastSeenAsync("s1"));
    }

    [Fact]
    public async Task ChangesOnOneNode_AreSeenByAnotherAtOnce()
    {
        var first = await NewStoreAsync();
        var second = await NewStoreAsync();
        var session = NewSession("s1");
        await first.CreateAsync(session, default);
        Assert.NotNull(await second.GetAsync("s1", default));

        await first.UpdateAsync(session with { LogLevel = "warning", Subscriptions = ["a://b"] }, default);
        var seen = await second.GetAsync("s1", default);
        Assert.Equal("warning", seen!.LogLevel);
        Assert.Equal(["a://b"], seen.Subscriptions);

        Assert.True(await first.DeleteAsync("s1", default));
        Assert.Null(await second.GetAsync("s1", default));
    }

    [Fact]
    public async Task Dispose_WritesActivityHeldBackByCoalescing()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync(NewSession("s1"), default);
        await store.TouchAsync("s1", Start.AddSeconds(12), default);

        await store.DisposeAsync();

        Assert.Equal(Start.AddSeconds(12), await StoredLastSeenAsync("s1"));
    }

    [Fact]
    public async Task ClientInfo_ComesBackExactlyAsSent()
    {
        var store = await NewStoreAsync();
        var info = new System.Text.Json.Nodes.JsonObject { ["version"] = "2", ["name"] = "z", ["extra"] = new System.Text.Json.Nodes.JsonArray(1, 2) };
        await store.CreateAsync(NewSession("s1") with { ClientInfo = info }, default);

        Assert.Equal(info.ToJsonString(), (await (await NewStoreAsync()).GetAsync("s1", default))!.ClientInfo!.ToJsonString());
    }

    private async Task<PostgresSessionStore> NewStoreAsync() => _storage.Track(new PostgresSessionStore(await _storage.OpenDatabaseAsync()));

    private async Task<DateTimeOffset> StoredLastSeenAsync(string id)
    {
        await using var connection = new NpgsqlConnection(_storage.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT last_seen_at FROM sessions WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<DateTimeOffset>(0);
    }
}
