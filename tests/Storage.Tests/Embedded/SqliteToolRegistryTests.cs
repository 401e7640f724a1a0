using McpGateway.Core.Registry;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Tests.Embedded;

public sealed class SqliteToolRegistryTests : ToolRegistryContractTests
{
    private readonly SqliteStorageFixture _storage = new();

    protected override Task<IToolRegistry> CreateRegistryAsync() =>
        Task.FromResult<IToolRegistry>(new SqliteToolRegistry(_storage.OpenDatabase(Time), Time));

    public override Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task History_RowsCannotBeChangedOrDeleted()
    {
        var database = _storage.OpenDatabase(Time);
        await new SqliteToolRegistry(database, Time).SyncAsync([new RegistryEntry(new RegistryKey("hello", null), "b1")], default);
        using var connection = database.Open();

        var update = Assert.Throws<SqliteException>(() => connection.Execute("UPDATE registry_history SET settings_digest = 'x'"));
        var delete = Assert.Throws<SqliteException>(() => connection.Execute("DELETE FROM registry_history"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_BackendRow_IsStoredWithAnEmptyToolName()
    {
        var database = _storage.OpenDatabase(Time);
        await new SqliteToolRegistry(database, Time).SyncAsync([new RegistryEntry(new RegistryKey("hello", null), "b1")], default);
        using var connection = database.Open();

        Assert.Equal([("hello", "")], connection.Query("SELECT backend, tool FROM registry_entries", r => (r.GetString(0), r.GetString(1))));
    }

    [Fact]
    public async Task Sync_EmptyToolName_Throws()
    {
        var registry = await CreateRegistryAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => registry.SyncAsync([new RegistryEntry(new RegistryKey("hello", ""), "d")], default));
    }
}
