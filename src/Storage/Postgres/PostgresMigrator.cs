using McpGateway.Storage.Migrations;
using Npgsql;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Applies the numbered scripts of <c>sql/postgres/</c> (embedded in this assembly) that a database lacks, all in one
/// transaction that first takes a transaction-scoped advisory lock: nodes migrating a new database at once apply the
/// scripts one after the other, and the later ones find nothing left to do. DDL is transactional in PostgreSQL, so a
/// failing script leaves the database as it was.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>The advisory lock key of migrations (any constant shared by every gateway version).</summary>
    public const long LockKey = 0x6D6370_67770001; // "mcp" "gw" 1

    /// <summary>The scripts embedded in this assembly, by version.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = MigrationScripts.Load("sql/postgres/");

    private const string NewerAdvice = "point DATABASE_URL at another database";

    /// <summary>Applies the missing scripts; returns the ones applied now (empty when the database was up to date).</summary>
    /// <exception cref="SchemaMismatchException">The database was migrated by a newer gateway, or an applied script changed.</exception>
    public static async Task<IReadOnlyList<Migration>> ApplyAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, P("key", LockKey));
        await connection.ExecuteAsync(
            transaction,
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL
            )
            """,
            cancellationToken);

        var pending = MigrationScripts.Pending(await ReadAppliedAsync(connection, transaction, cancellationToken), migrations, NewerAdvice);
        foreach (var migration in pending)
        {
            await connection.ExecuteAsync(transaction, migration.Sql, cancellationToken);
            await connection.ExecuteAsync(
                transaction,
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @at)",
                cancellationToken,
                P("version", migration.Version),
                P("name", migration.Name),
                P("checksum", migration.Checksum),
                P("at", now.ToUniversalTime()));
        }

        await transaction.CommitAsync(cancellationToken);
        return pending;
    }

    /// <summary>The scripts a database still lacks, without changing it (a database never migrated lacks them all).</summary>
    /// <exception cref="SchemaMismatchException">The database was migrated by a newer gateway, or an applied script changed.</exception>
    public static async Task<IReadOnlyList<Migration>> PendingAsync(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var exists = await connection.QueryAsync(null, "SELECT to_regclass('schema_migrations') IS NOT NULL", r => r.GetBoolean(0), cancellationToken);
        var applied = exists[0] ? await ReadAppliedAsync(connection, null, cancellationToken) : [];
        return MigrationScripts.Pending(applied, migrations, NewerAdvice);
    }

    private static Task<List<(int Version, string Name, string Checksum)>> ReadAppliedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        connection.QueryAsync(
            transaction,
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2)),
            cancellationToken);
}
