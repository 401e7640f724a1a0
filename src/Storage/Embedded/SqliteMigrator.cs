using McpGateway.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// Applies the numbered scripts of <c>sql/sqlite/</c> (embedded in this assembly) that a database lacks.
/// All of it runs in one <c>BEGIN IMMEDIATE</c> transaction, so two processes opening a new file at once
/// migrate one after the other and the second finds nothing left to do.
/// </summary>
internal static class SqliteMigrator
{
    /// <summary>The scripts embedded in this assembly, by version.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = MigrationScripts.Load("sql/sqlite/");

    /// <summary>Applies the missing scripts; returns the ones applied now.</summary>
    /// <exception cref="SchemaMismatchException">The database was migrated by a newer gateway, or an applied script changed.</exception>
    public static IReadOnlyList<Migration> Apply(SqliteConnection connection, IReadOnlyList<Migration> migrations, DateTimeOffset now)
    {
        using var transaction = SqliteDatabase.BeginWrite(connection);
        transaction.Execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                checksum   TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """);

        var applied = transaction.Query(
            "SELECT version, name, checksum FROM schema_migrations",
            r => (Version: r.GetInt32(0), Name: r.GetString(1), Checksum: r.GetString(2)));

        var pending = MigrationScripts.Pending(applied, migrations, "use another data folder");
        foreach (var migration in pending)
        {
            transaction.Execute(migration.Sql);
            transaction.Execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($version, $name, $checksum, $at)",
                ("$version", migration.Version),
                ("$name", migration.Name),
                ("$checksum", migration.Checksum),
                ("$at", now.ToUnixTimeMilliseconds()));
        }

        transaction.Commit();
        return pending;
    }
}
