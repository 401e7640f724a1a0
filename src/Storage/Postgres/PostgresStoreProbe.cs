using McpGateway.Core.Storage;

namespace McpGateway.Storage.Postgres;

/// <summary><c>SELECT 1</c> over the engine's pool: a broken pooled connection fails it, and is then replaced.</summary>
internal sealed class PostgresStoreProbe(PostgresDatabase database) : IStoreProbe
{
    public string Engine => "postgres";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.QueryAsync(null, "SELECT 1", r => r.GetInt32(0), cancellationToken);
    }
}
