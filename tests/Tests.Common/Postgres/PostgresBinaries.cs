namespace McpGateway.Tests.Common.Postgres;

/// <summary>
/// The Debian PostgreSQL server binaries (<c>/usr/lib/postgresql/&lt;major&gt;/bin</c>, newest major first), or
/// <c>PG_BIN_DIR</c> when set. Missing binaries are an error, never a reason to skip.
/// </summary>
public static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
    public static string Directory { get; } = Find();

    public static string InitDb => Path.Combine(Directory, "initdb");

    public static string PgCtl => Path.Combine(Directory, "pg_ctl");

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN_DIR") is { Length: > 0 } configured)
        {
            return HasServer(configured)
                ? configured
                : throw new InvalidOperationException($"PG_BIN_DIR={configured} does not hold initdb, pg_ctl and postgres.");
        }

        var found = System.IO.Directory.Exists(DebianRoot)
            ? System.IO.Directory.GetDirectories(DebianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), out var major) ? major : -1))
                .Where(d => d.Major > 0 && HasServer(d.Dir))
                .OrderByDescending(d => d.Major)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"The PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found under {DebianRoot}/<major>/bin. "
            + "Install the Debian package: apt-get install postgresql (scripts/test.sh does this), or set PG_BIN_DIR.");
    }

    private static bool HasServer(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));
}
