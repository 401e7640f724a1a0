using McpGateway.Edge.Hosting;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary><c>DATABASE_URL</c> and <c>GATEWAY_MIGRATE_ON_START</c>: the engine choice, and errors that never show the password.</summary>
public sealed class DatabaseOptionsTests
{
    private static readonly Dictionary<string, string> AuthNone = new() { ["GATEWAY_AUTH_MODE"] = "none" };

    [Fact]
    public void Unset_SelectsTheEmbeddedEngine_MigratingAtStart()
    {
        var (options, errors) = GatewayOptionsReader.Read([], AuthNone.GetValueOrDefault);

        Assert.Empty(errors);
        Assert.Null(options.Database);
        Assert.True(options.MigrateOnStart);
    }

    [Fact]
    public void Url_SelectsPostgres_AndPrintsWithoutThePassword()
    {
        var env = new Dictionary<string, string>(AuthNone) { ["DATABASE_URL"] = "postgres://gw:hunter2@db:5432/gateway?sslmode=require", ["GATEWAY_MIGRATE_ON_START"] = "false" };

        var (options, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Empty(errors);
        Assert.Equal("postgres://gw@db:5432/gateway", options.Database!.ToString());
        Assert.False(options.MigrateOnStart);
        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadUrl_IsReportedWithTheOtherConfigErrors_WithoutThePassword()
    {
        var env = new Dictionary<string, string>(AuthNone)
        {
            ["DATABASE_URL"] = "postgres://gw:hunter2@db/gateway?sslmode=maybe",
            ["GATEWAY_MIGRATE_ON_START"] = "sometimes",
            ["GATEWAY_MAX_BODY_BYTES"] = "tiny",
        };

        var (_, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("DATABASE_URL: sslmode 'maybe'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("GATEWAY_MIGRATE_ON_START:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Process_BadDatabaseUrlAndBadToolsYaml_RefusesToStart_NamingBoth()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n  - name: hello\n    transport: htp\n");
        var env = new Dictionary<string, string?> { ["GATEWAY_AUTH_MODE"] = "none", ["DATABASE_URL"] = "Host=db;Password=hunter2;Colour=blue" };

        await using var gateway = GatewayProcess.Run(["--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], env);
        await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, gateway.ExitCode);
        Assert.Contains("DATABASE_URL:", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("'colour'", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("'htp'", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", gateway.Output, StringComparison.Ordinal);
    }
}
