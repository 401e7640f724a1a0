using McpGateway.Core.Jobs;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Embedded;

public sealed class SqliteJobStoreTests : JobStoreContractTests
{
    private readonly SqliteStorageFixture storage = new();

    /// <summary>Each store opens the file anew, like another process on the same data folder.</summary>
    protected override Task<IJobStore> CreateStoreAsync() =>
        Task.FromResult<IJobStore>(storage.Track(new SqliteJobStore(storage.OpenDatabase())));

    public override Task DisposeAsync()
    {
        storage.Dispose();
        return Task.CompletedTask;
    }
}
