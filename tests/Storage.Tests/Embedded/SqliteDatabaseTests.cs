using McpGateway.Storage.Embedded;
using McpGateway.Storage.Migrations;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Storage.Tests.Embedded;

public sealed class SqliteDatabaseTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Embedded_HoldsTheNumberedScriptsInOrder()
    {
        var migrations = SqliteMigrator.Embedded;

        Assert.Equal(new Migration(1, "initial", migrations[0].Sql, migrations[0].Checksum), migrations[0]);
        Assert.Equal(migrations.OrderBy(m => m.Version), migrations);
        Assert.Contains("CREATE TABLE sessions", migrations[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MissingFolder_CreatesTheFileInWalModeAndMigrates()
    {
        var dataDir = Path.Combine(_folder.Path, "nested", "data");

        using var database = new SqliteDatabase(dataDir, _time);

        Assert.Equal(Path.Combine(dataDir, "gateway.db"), database.FilePath);
        Assert.True(File.Exists(database.FilePath));
        using var connection = database.Open();
        Assert.Equal(["wal"], connection.Query("PRAGMA journal_mode", r => r.GetString(0)));
        Assert.Equal([1L], connection.Query("PRAGMA foreign_keys", r => r.GetInt64(0)));
        Assert.Equal(
            SqliteMigrator.Embedded.Select(m => (m.Version, m.Name, Now.ToUnixTimeMilliseconds())),
            connection.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version", r => (r.GetInt32(0), r.GetString(1), r.GetInt64(2))));
    }

    [Fact]
    public void Migrated_HoldsOrleansGrainStorage_WithItsQueries()
    {
        using var database = new SqliteDatabase(_folder.Path, _time);
        using var connection = database.Open();

        Assert.Equal(["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"], connection.Query("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", r => r.GetString(0)));
        Assert.Equal([0L], connection.Query("SELECT count(*) FROM OrleansStorage", r => r.GetInt64(0)));
    }

    [Fact]
    public void Apply_AlreadyMigrated_AppliesNothing()
    {
        using var database = new SqliteDatabase(_folder.Path, _time);
        using var connection = database.Open();

        Assert.Empty(SqliteMigrator.Apply(connection, SqliteMigrator.Embedded, Now));
        Assert.Empty(SqliteMigrator.Apply(connection, SqliteMigrator.Embedded, Now));
    }

    [Fact]
    public void Constructor_NewMigration_AppliesOnlyIt()
    {
        new SqliteDatabase(_folder.Path, _time).Dispose();
        var next = SqliteMigrator.Embedded[^1].Version + 1;
        var extra = MigrationScripts.Parse($"{next:000}_extra.sql", "CREATE TABLE extra (id INTEGER PRIMARY KEY);\r\n");

        using var database = new SqliteDatabase(_folder.Path, _time, [.. SqliteMigrator.Embedded, extra]);

        using var connection = database.Open();
        Assert.Equal([(next, "extra")], connection.Query("SELECT version, name FROM schema_migrations WHERE version >= $next", r => (r.GetInt32(0), r.GetString(1)), ("$next", next)));
        Assert.Equal(0, connection.Execute("DELETE FROM extra"));
    }

    [Fact]
    public void Migration015_DeletesTheJobGrainsOldStateRows_AndKeepsOtherGrainsState()
    {
        using (var before = new SqliteDatabase(_folder.Path, _time, [.. SqliteMigrator.Embedded.Where(m => m.Version < 15)]))
        {
            using var connection = before.Open();
            foreach (var type in new[] { "job", "job", "session" })
            {
                connection.Execute(
                    "INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, ServiceId, PayloadBinary, ModifiedOn, Version) "
                    + "VALUES (1, 2, 3, 4, $type, 'svc', x'7b7d', '2026-03-01', 1)",
                    ("$type", type));
            }
        }

        using var after = new SqliteDatabase(_folder.Path, _time);

        using var migrated = after.Open();
        Assert.Equal(["session"], migrated.Query("SELECT GrainTypeString FROM OrleansStorage", r => r.GetString(0)));
    }

    [Fact]
    public async Task Constructor_ManyOpenersOfANewFileAtOnce_MigrateExactlyOnce()
    {
        var databases = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => new SqliteDatabase(_folder.Path, _time))));

        using var connection = databases[0].Open();
        Assert.Equal(
            [SqliteMigrator.Embedded.Count],
            connection.Query("SELECT count(*) FROM schema_migrations", r => r.GetInt32(0)));
        foreach (var database in databases)
        {
            database.Dispose();
        }
    }

    [Fact]
    public void Constructor_DatabaseOfANewerGateway_FailsWithTheReason()
    {
        using (var database = new SqliteDatabase(_folder.Path, _time))
        using (var connection = database.Open())
        {
            connection.Execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', 0)");
        }

        var error = Assert.Throws<SchemaMismatchException>(() => new SqliteDatabase(_folder.Path, _time));

        Assert.Contains("newer gateway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_AppliedMigrationEdited_FailsWithTheReason()
    {
        new SqliteDatabase(_folder.Path, _time).Dispose();
        var edited = SqliteMigrator.Embedded[0] with { Checksum = "edited" };

        var error = Assert.Throws<SchemaMismatchException>(() => new SqliteDatabase(_folder.Path, _time, [edited]));

        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("initial.sql")]
    [InlineData("01-initial.sql")]
    [InlineData("x1_initial.sql")]
    [InlineData("001_initial.txt")]
    public void Parse_BadFileName_Throws(string fileName)
    {
        Assert.Throws<InvalidOperationException>(() => MigrationScripts.Parse(fileName, "SELECT 1;"));
    }

    [Fact]
    public void Parse_LineEndings_DoNotChangeTheChecksum()
    {
        Assert.Equal(
            MigrationScripts.Parse("001_a.sql", "SELECT 1;\nSELECT 2;\n").Checksum,
            MigrationScripts.Parse("001_a.sql", "SELECT 1;\r\nSELECT 2;\r\n").Checksum);
    }
}
