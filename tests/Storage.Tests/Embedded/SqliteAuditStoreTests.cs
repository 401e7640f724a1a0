using McpGateway.Core.Audit;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Embedded;

public sealed class SqliteAuditStoreTests : AuditStoreContractTests
{
    private readonly SqliteStorageFixture _storage = new();

    protected override Task<IAuditStore> CreateStoreAsync() =>
        Task.FromResult<IAuditStore>(new SqliteAuditStore(_storage.OpenDatabase(), TimeProvider.System));

    protected override Task ExecuteAsync(string sql)
    {
        using var connection = _storage.OpenDatabase().Open();
        connection.Execute(sql);
        return Task.CompletedTask;
    }

    /// <summary>SQLite cannot switch triggers off: the tamperer drops them.</summary>
    protected override Task TamperAsync(string sql)
    {
        using var connection = _storage.OpenDatabase().Open();
        foreach (var trigger in new[] { "audit_log_no_update", "audit_log_no_delete", "audit_chains_forward_only" })
        {
            connection.Execute($"DROP TRIGGER IF EXISTS {trigger}");
        }

        connection.Execute(sql);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }
}
