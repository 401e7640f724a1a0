using McpGateway.Core.Jobs;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Embedded;

public sealed class SqliteJobStoreTests : JobStoreContractTests
{
    private readonly SqliteStorageFixture _storage = new();

    /// <summary>Each store opens the file anew, like another process on the same data folder.</summary>
    protected override Task<IJobStore> CreateStoreAsync() =>
        Task.FromResult<IJobStore>(_storage.Track(new SqliteJobStore(_storage.OpenDatabase())));

    public override Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }
}
