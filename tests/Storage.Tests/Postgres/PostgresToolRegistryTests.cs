using McpGateway.Core.Registry;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Tests.Contracts;
using Npgsql;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresToolRegistryTests : ToolRegistryContractTests
{
    private readonly PostgresStorageFixture _storage = new();

    protected override async Task<IToolRegistry> CreateRegistryAsync() => new PostgresToolRegistry(await _storage.OpenDatabaseAsync(), Time);

    public override async Task DisposeAsync() => await _storage.DisposeAsync();

    [Theory]
    [InlineData("UPDATE registry_history SET settings_digest = 'forged'")]
    [InlineData("DELETE FROM registry_history")]
    [InlineData("TRUNCATE registry_history")]
    public async Task History_IsAppendOnly(string tamper)
    {
        var registry = await CreateRegistryAsync();
        await registry.SyncAsync([new RegistryEntry(new RegistryKey("hello", null), "b1")], default);
        await using var connection = new NpgsqlConnection(_storage.Database.ConnectionString);
        await connection.OpenAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(tamper, connection).ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Single(await registry.HistoryAsync(new RegistryKey("hello", null), default));
    }
}
