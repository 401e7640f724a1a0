using McpGateway.Storage.Migrations;
using McpGateway.Storage.Postgres;
using McpGateway.Tests.Common.Postgres;
using Npgsql;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresMigratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Embedded_HoldsTheNumberedScriptsOfSqlPostgres()
    {
        var migrations = PostgresMigrator.Embedded;

        Assert.Equal(Directory.GetFiles(Path.Combine(McpGateway.Tests.Common.RepoPaths.Root, "sql", "postgres"), "*.sql").Length, migrations.Count);
        Assert.Equal(new Migration(1, "initial", migrations[0].Sql, migrations[0].Checksum), migrations[0]);
        // Numbers are reserved per feature (docs/storage.md), so a gap is a feature not merged yet; order is what matters.
        Assert.Equal(migrations.Select(m => m.Version).Distinct().Order(), migrations.Select(m => m.Version));
    }

    [Fact]
    public async Task NewDatabase_GetsEveryScript_RecordedWithItsChecksum_Once()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");
        await using var opened = new PostgresDatabase(database.ConnectionString);

        var applied = await opened.MigrateAsync(Now, default);
        var again = await opened.MigrateAsync(Now, default);

        Assert.Equal(PostgresMigrator.Embedded, applied);
        Assert.Empty(again);
        Assert.Equal(
            PostgresMigrator.Embedded.Select(m => (m.Version, m.Name, m.Checksum, Now)),
            await database.QueryAsync("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version", r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3))));
    }

    [Fact]
    public async Task ManyNodesMigratingANewDatabaseAtOnce_ApplyEachScriptExactlyOnce()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");
        var nodes = Enumerable.Range(0, 8).Select(_ => new PostgresDatabase(database.ConnectionString)).ToList();
        try
        {
            using var go = new ManualResetEventSlim();
            var runs = nodes.Select(node => Task.Run(async () =>
            {
                go.Wait();
                return await node.MigrateAsync(Now, default);
            })).ToList();
            go.Set();
            var applied = await Task.WhenAll(runs);

            Assert.Single(applied, a => a.Count > 0);
            Assert.Equal(PostgresMigrator.Embedded, applied.Single(a => a.Count > 0));
            Assert.Equal(PostgresMigrator.Embedded.Count, (await database.QueryAsync("SELECT count(*) FROM schema_migrations", r => r.GetInt64(0)))[0]);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ManyNodesStartingAtOnce_GetOrleansSchemaOnce_WithEveryProviderQuery_AndNoOldMembershipTable()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");
        var nodes = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(database.ConnectionString)).ToList();
        try
        {
            using var go = new ManualResetEventSlim();
            var runs = nodes.Select(node => Task.Run(async () =>
            {
                go.Wait();
                return await node.MigrateAsync(Now, default);
            })).ToList();
            go.Set();
            await Task.WhenAll(runs);

            // What the silo's clustering, grain storage and reminder providers read before anything else.
            var queries = await database.QueryAsync("SELECT querykey FROM orleansquery", r => r.GetString(0));
            foreach (var key in new[] { "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "MembershipReadAllKey", "CleanupDefunctSiloEntriesKey", "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "UpsertReminderRowKey", "ReadRangeRows1Key", "DeleteReminderRowKey" })
            {
                Assert.Single(queries, key);
            }

            Assert.Equal(
                [false, false, true, true, true, true],
                await database.QueryAsync(
                    "SELECT to_regclass('cluster_nodes') IS NOT NULL, to_regclass('cluster_streams') IS NOT NULL, to_regclass('orleansmembershiptable') IS NOT NULL, to_regclass('orleansmembershipversiontable') IS NOT NULL, to_regclass('orleansstorage') IS NOT NULL, to_regclass('orleansreminderstable') IS NOT NULL",
                    r => Enumerable.Range(0, 6).Select(r.GetBoolean).ToList()).ContinueWith(t => t.Result.Single()));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task DatabaseMigratedByANewerGateway_IsRefused()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");
        await using var opened = new PostgresDatabase(database.ConnectionString);
        await opened.MigrateAsync(Now, default);
        await database.ExecuteAsync("INSERT INTO schema_migrations VALUES (999, 'from_the_future', 'x', now())");

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(() => opened.MigrateAsync(Now, default));
        var check = await Assert.ThrowsAsync<SchemaMismatchException>(() => opened.EnsureCurrentAsync(default));

        Assert.Contains("newer gateway", error.Message, StringComparison.Ordinal);
        Assert.Contains("999 'from_the_future'", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppliedScriptThatChanged_IsRefused()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");
        await using var opened = new PostgresDatabase(database.ConnectionString);
        await opened.MigrateAsync(Now, default);
        await database.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(() => opened.MigrateAsync(Now, default));

        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingScript_LeavesTheDatabaseAsItWas()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");
        await using var opened = new PostgresDatabase(database.ConnectionString);
        var broken = MigrationScripts.Parse($"{PostgresMigrator.Embedded[^1].Version + 1:000}_broken.sql", "CREATE TABLE half (id int);\nSELECT * FROM missing_table;\n");

        await Assert.ThrowsAsync<PostgresException>(() => PostgresMigrator.ApplyAsync(opened.DataSource, [.. PostgresMigrator.Embedded, broken], Now, default));

        var tables = await database.QueryAsync("SELECT to_regclass('schema_migrations') IS NULL AND to_regclass('sessions') IS NULL AND to_regclass('half') IS NULL", r => r.GetBoolean(0));
        Assert.True(tables[0], "a table of the failed migration was left behind");
    }

    [Fact]
    public async Task EnsureCurrent_RefusesAnUnmigratedDatabase_UntilMigrated()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");
        await using var opened = new PostgresDatabase(database.ConnectionString);

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(() => opened.EnsureCurrentAsync(default));
        await opened.MigrateAsync(Now, default);
        await opened.EnsureCurrentAsync(default);

        Assert.Contains("001_initial", error.Message, StringComparison.Ordinal);
        Assert.Contains("mcpgw migrate", error.Message, StringComparison.Ordinal);
    }
}
