using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Storage.Migrations;

/// <summary>
/// The numbered scripts of one engine (<c>sql/sqlite/</c>, <c>sql/postgres/</c>), embedded in this assembly under
/// that folder name, and the check of a database's applied scripts against them.
/// </summary>
internal static class MigrationScripts
{
    /// <summary>The scripts embedded under <paramref name="folder"/> (e.g. <c>sql/postgres/</c>), by version.</summary>
    public static IReadOnlyList<Migration> Load(string folder)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(folder, StringComparison.Ordinal))
            .Select(n => Parse(n[folder.Length..], Read(assembly, n)))
            .OrderBy(m => m.Version)
            .ToList();

        if (migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"Two migrations of {folder} share version {clash.Key}: {string.Join(", ", clash.Select(m => m.Name))}.");
        }

        return migrations;
    }

    /// <summary>Parses <c>NNN_name.sql</c> scripts; the checksum ignores line-ending differences.</summary>
    public static Migration Parse(string fileName, string sql)
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
        return new Migration(version, fileName[(separator + 1)..^4], normalized, checksum);
    }

    /// <summary>
    /// Refuses a database that has a script this gateway does not know (migrated by a newer gateway) or whose applied
    /// script differs from ours (edited after release); returns the scripts still to apply, in order.
    /// </summary>
    /// <param name="applied">The database's <c>schema_migrations</c> rows.</param>
    /// <param name="migrations">This gateway's scripts.</param>
    /// <param name="advice">What to do about a newer database (where to point the gateway instead).</param>
    /// <exception cref="SchemaMismatchException">The database was migrated by a newer gateway, or an applied script changed.</exception>
    public static IReadOnlyList<Migration> Pending(
        IEnumerable<(int Version, string Name, string Checksum)> applied, IReadOnlyList<Migration> migrations, string advice)
    {
        var known = migrations.ToDictionary(m => m.Version);
        var done = new HashSet<int>();
        foreach (var (version, name, checksum) in applied)
        {
            if (!known.TryGetValue(version, out var migration))
            {
                throw new SchemaMismatchException(
                    $"The database was migrated by a newer gateway (it has migration {version} '{name}', this gateway knows up to {(migrations.Count == 0 ? 0 : migrations.Max(m => m.Version))}). Run the newer gateway or {advice}.");
            }

            if (migration.Checksum != checksum)
            {
                throw new SchemaMismatchException(
                    $"Migration {version} '{name}' was changed after it was applied to this database. Released migrations must not be edited: restore it and add a new numbered script.");
            }

            done.Add(version);
        }

        return [.. migrations.Where(m => !done.Contains(m.Version))];
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
