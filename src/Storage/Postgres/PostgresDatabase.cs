using McpGateway.Storage.Migrations;
using Npgsql;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// The PostgreSQL engine's database: one <see cref="NpgsqlDataSource"/> (a connection pool) shared by every store of
/// the engine. Creating it opens no connection; <see cref="MigrateAsync"/> or <see cref="EnsureCurrentAsync"/> does.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A pooled connection, open; dispose it to return it to the pool.</summary>
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => DataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Applies the missing migrations of <c>sql/postgres/</c>; returns those applied now.</summary>
    public Task<IReadOnlyList<Migration>> MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        PostgresMigrator.ApplyAsync(DataSource, PostgresMigrator.Embedded, now, cancellationToken);

    /// <summary>Fails unless every migration is applied (for nodes that do not migrate at startup).</summary>
    /// <exception cref="SchemaMismatchException">Migrations are missing, or the database is newer or was edited.</exception>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        var pending = await PostgresMigrator.PendingAsync(DataSource, PostgresMigrator.Embedded, cancellationToken);
        if (pending.Count > 0)
        {
            throw new SchemaMismatchException(
                $"The database lacks {pending.Count} migration(s) ({string.Join(", ", pending.Select(m => m.Title))}): run 'mcpgw migrate' first, or let the gateway migrate at startup.");
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
