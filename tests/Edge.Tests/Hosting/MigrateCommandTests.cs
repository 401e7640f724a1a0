using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary><c>mcpgw migrate</c> as a real process, on both engines.</summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Postgres_AppliesTheScripts_ThenIsUpToDate_NeverPrintingThePassword()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");

        var first = await MigrateAsync(database.Url);
        var second = await MigrateAsync(database.Url);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied 001_initial", first.Output, StringComparison.Ordinal);
        Assert.Contains($"postgres://{PostgresServer.User}@127.0.0.1:{database.Server.Port}/{database.Name}: applied", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("applied 0", second.Output, StringComparison.Ordinal);
        Assert.Contains("is up to date", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(database.Server.Password, first.Output + second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_SeveralProcessesAtOnceOnANewDatabase_AllSucceed_EachScriptAppliedOnce()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("migrate");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MigrateAsync(database.Url)));

        Assert.All(runs, r => Assert.Equal(0, r.ExitCode));
        Assert.Single(runs, r => r.Output.Contains("applied 001_initial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Embedded_CreatesAndMigratesTheFileUnderTheDataFolder()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");

        var run = await MigrateAsync(null, "--data-dir", data);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("applied 001_initial", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "gateway.db")));
    }

    [Fact]
    public async Task UnreachableDatabase_FailsWithExitCode1_NamingItWithoutThePassword()
    {
        var port = FreePort.Next();

        var run = await MigrateAsync($"postgres://gw:hunter2@127.0.0.1:{port}/gateway?connect_timeout=5");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"migrating postgres://gw@127.0.0.1:{port}/gateway failed:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_FailsWithThePostgresReason()
    {
        var server = await SharedPostgres.GetAsync();

        var run = await MigrateAsync($"postgres://{PostgresServer.User}:not-the-password@127.0.0.1:{server.Port}/postgres");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("password authentication failed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidDatabaseUrl_IsAConfigError()
    {
        var run = await MigrateAsync("postgres://gw:hunter2@db/gateway?sslmode=whenever");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("DATABASE_URL: sslmode 'whenever'", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> MigrateAsync(string? databaseUrl, params string[] arguments)
    {
        var environment = new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl };
        await using var process = GatewayProcess.Run(["migrate", .. arguments], environment);
        await process.Exited.WaitAsync(TimeSpan.FromSeconds(90));
        return (process.ExitCode, process.Output);
    }
}
