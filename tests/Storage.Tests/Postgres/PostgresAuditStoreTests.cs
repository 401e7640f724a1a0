using McpGateway.Core.Audit;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Tests.Contracts;
using Npgsql;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresAuditStoreTests : AuditStoreContractTests
{
    private readonly PostgresStorageFixture _storage = new();

    protected override async Task<IAuditStore> CreateStoreAsync() => new PostgresAuditStore(await _storage.OpenDatabaseAsync(), TimeProvider.System);

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_storage.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A superuser can switch the triggers off for its session.</summary>
    protected override Task TamperAsync(string sql) => ExecuteAsync("SET session_replication_role = replica; " + sql);

    public override async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task Truncate_IsRefused()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 2), new AuditHasher(), default);

        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("TRUNCATE audit_log"));
    }
}
