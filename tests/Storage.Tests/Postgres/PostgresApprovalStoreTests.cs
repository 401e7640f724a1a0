using McpGateway.Core.Approvals;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresApprovalStoreTests : ApprovalStoreContractTests
{
    private readonly PostgresStorageFixture _storage = new();

    /// <summary>Each store has its own connection pool on the same database, like another node.</summary>
    protected override async Task<IApprovalStore> CreateStoreAsync() => new PostgresApprovalStore(await _storage.OpenDatabaseAsync());

    public override async Task DisposeAsync() => await _storage.DisposeAsync();
}
