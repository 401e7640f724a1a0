using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// Applies the numbered scripts of <c>sql/sqlite/</c> (embedded in this assembly) that a database lacks.
/// All of it runs in one <c>BEGIN IMMEDIATE</c> transaction, so two processes opening a new file at once
/// migrate one after the other and the second finds nothing left to do.
/// </summary>
internal static class SqliteMigrator
{
    private const string ResourcePrefix = "sql/sqlite/";

    /// <summary>The scripts embedded in this assembly, by version.</summary>
    public static IReadOnlyList<SqliteMigration> Embedded { get; } = LoadEmbedded();

    /// <summary>Applies the missing scripts; returns the versions applied now.</summary>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer gateway, or an applied script changed.</exception>
    public static IReadOnlyList<int> Apply(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations, DateTimeOffset now)
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

        var applied = transaction
            .Query("SELECT version, name, checksum FROM schema_migrations", r => (Version: r.GetInt32(0), Name: r.GetString(1), Checksum: r.GetString(2)))
            .ToDictionary(r => r.Version, r => (r.Name, r.Checksum));

        var known = migrations.ToDictionary(m => m.Version);
        foreach (var (version, (name, checksum)) in applied)
        {
            if (!known.TryGetValue(version, out var migration))
            {
                throw new InvalidOperationException(
                    $"The database was migrated by a newer gateway (it has migration {version} '{name}', this gateway knows up to {migrations.Max(m => m.Version)}). Run the newer gateway or use another data folder.");
            }

            if (migration.Checksum != checksum)
            {
                throw new InvalidOperationException(
                    $"Migration {version} '{name}' was changed after it was applied to this database. Released migrations must not be edited: restore it and add a new numbered script.");
            }
        }

        var appliedNow = new List<int>();
        foreach (var migration in migrations.Where(m => !applied.ContainsKey(m.Version)))
        {
            transaction.Execute(migration.Sql);
            transaction.Execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($version, $name, $checksum, $at)",
                ("$version", migration.Version),
                ("$name", migration.Name),
                ("$checksum", migration.Checksum),
                ("$at", now.ToUnixTimeMilliseconds()));
            appliedNow.Add(migration.Version);
        }

        transaction.Commit();
        return appliedNow;
    }

    /// <summary>Parses <c>NNN_name.sql</c> scripts; the checksum ignores line-ending differences.</summary>
    public static SqliteMigration Parse(string fileName, string sql)
    {
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0
            || !fileName.EndsWith(".sql", StringComparison.Ordinal)
            || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration '{fileName}' is not named NNN_name.sql.");
        }

        var normalized = sql.ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        return new SqliteMigration(version, fileName[(separator + 1)..^4], normalized, checksum);
    }

    private static List<SqliteMigration> LoadEmbedded()
    {
        var assembly = typeof(SqliteMigrator).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => Parse(n[ResourcePrefix.Length..], Read(assembly, n)))
            .OrderBy(m => m.Version)
            .ToList();

        if (migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"Two SQLite migrations share version {clash.Key}: {string.Join(", ", clash.Select(m => m.Name))}.");
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
