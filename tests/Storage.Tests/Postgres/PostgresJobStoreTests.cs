using McpGateway.Core.Jobs;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresJobStoreTests : JobStoreContractTests
{
    private readonly PostgresStorageFixture _storage = new();

    /// <summary>
    /// Each store has its own connection pool, like another node on the same database; pools are kept small so that
    /// the thousand-submit test queues on them rather than exhausting the test server's connections.
    /// </summary>
    protected override async Task<IJobStore> CreateStoreAsync()
    {
        await _storage.OpenDatabaseAsync();
        return new PostgresJobStore(_storage.Track(new PostgresDatabase(_storage.Database.ConnectionString + ";Maximum Pool Size=8;Timeout=120")));
    }

    public override async Task DisposeAsync() => await _storage.DisposeAsync();
}
