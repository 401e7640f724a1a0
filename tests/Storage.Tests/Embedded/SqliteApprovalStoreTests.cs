using McpGateway.Core.Approvals;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Embedded;

public sealed class SqliteApprovalStoreTests : ApprovalStoreContractTests
{
    private readonly SqliteStorageFixture _storage = new();

    /// <summary>Each store opens its own database instance on the same file, like another process.</summary>
    protected override Task<IApprovalStore> CreateStoreAsync() => Task.FromResult<IApprovalStore>(new SqliteApprovalStore(_storage.OpenDatabase()));

    public override Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }
}
