using McpGateway.Core.Storage;

namespace McpGateway.Storage.Embedded;

/// <summary>Reads <c>schema_migrations</c> of the embedded file: the file is there, readable and a database.</summary>
internal sealed class SqliteStoreProbe(SqliteDatabase database) : IStoreProbe
{
    public string Engine => "embedded";

    public Task CheckAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        connection.Query("SELECT count(*) FROM schema_migrations", r => r.GetInt64(0));
        return Task.CompletedTask;
    }
}
