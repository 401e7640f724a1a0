using McpGateway.Storage.Embedded;
using McpGateway.Storage.Postgres;

namespace McpGateway.Storage.Migrations;

/// <summary>What a migration run did: where, which scripts it applied now, and how many the database has in all.</summary>
/// <param name="Target">The database, without its password.</param>
/// <param name="Applied">The scripts applied by this run (<c>NNN_name</c>), in order; empty when it was up to date.</param>
/// <param name="Total">The scripts this gateway knows (all applied now).</param>
public sealed record MigrationOutcome(string Target, IReadOnlyList<string> Applied, int Total);

/// <summary>Applies the missing migrations of either engine (<c>mcpgw migrate</c>).</summary>
public static class SchemaMigrator
{
    /// <summary>Migrates the PostgreSQL database of <paramref name="database"/>.</summary>
    /// <exception cref="SchemaMismatchException">The database was migrated by a newer gateway, or an applied script changed.</exception>
    /// <exception cref="Npgsql.NpgsqlException">The database cannot be reached, or a script failed (nothing of this run is kept then).</exception>
    public static async Task<MigrationOutcome> MigratePostgresAsync(DatabaseUrl database, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var opened = new PostgresDatabase(database.ConnectionString);
        var applied = await opened.MigrateAsync(now, cancellationToken);
        return new MigrationOutcome(database.ToString(), [.. applied.Select(m => m.Title)], PostgresMigrator.Embedded.Count);
    }

    /// <summary>Migrates (creating it if needed) the embedded engine's file under <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="SchemaMismatchException">The file was migrated by a newer gateway, or an applied script changed.</exception>
    public static MigrationOutcome MigrateEmbedded(string dataDirectory, TimeProvider timeProvider)
    {
        using var opened = new SqliteDatabase(dataDirectory, timeProvider);
        return new MigrationOutcome(opened.FilePath, [.. opened.AppliedAtOpen.Select(m => m.Title)], SqliteMigrator.Embedded.Count);
    }
}
