using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>The gateway on PostgreSQL (<c>DATABASE_URL</c>): in process, as several nodes, and as real <c>mcpgw</c> processes.</summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class PostgresEngineTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoNodesOnOneDatabase_ShareTheRegistryAndSessions_AToolCallPassesOnEither()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("cluster");
        await using var first = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), databaseUrl: database.Url);
        await using var second = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), databaseUrl: database.Url);
        using var rawFirst = new RawMcp(first.McpEndpoint);
        using var rawSecond = new RawMcp(second.McpEndpoint);

        var session = await RawSession.OpenAsync(rawFirst);
        var (status, body, _) = await rawFirst.SendAsync(session.Echo(rawFirst, "from node one"));
        var (statusElsewhere, bodyElsewhere, _) = await rawSecond.SendAsync(session.Echo(rawSecond, "from node two"));

        Assert.Equal(200, status);
        Assert.Equal("from node one", RawSession.ResultText(body));
        Assert.Equal(200, statusElsewhere);
        Assert.Equal("from node two", RawSession.ResultText(bodyElsewhere));
        // The session's record is its grain's state (JSON) in Orleans' storage table.
        var record = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(await database.QueryAsync(
            $"SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE graintypestring = 'record' AND grainidextensionstring = '{session.Id}'", r => r.GetString(0))))!;
        Assert.Equal(RawSession.Revision, record["protocolVersion"]!.GetValue<string>());
        Assert.True(record["initialized"]!.GetValue<bool>());
        Assert.Null(record["scope"]);
        Assert.Contains(
            ("hello", "", true),
            await database.QueryAsync("SELECT backend, tool, active FROM registry_entries", r => (r.GetString(0), r.GetString(1), r.GetBoolean(2))));
        Assert.False(File.Exists(Path.Combine(first.Folder.Path, "data", "gateway.db")), "the embedded file was created on PostgreSQL");

        var delete = new HttpRequestMessage(HttpMethod.Delete, second.McpEndpoint);
        delete.Headers.Add("Mcp-Session-Id", session.Id);
        Assert.Equal(200, (await rawSecond.SendAsync(delete)).Status);
        Assert.Equal(404, (await rawFirst.SendAsync(session.Echo(rawFirst, "ended"))).Status);
    }

    [Fact]
    public async Task Processes_StartingAtOnceOnANewDatabase_MigrateItOnce_AndServe()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("startup");
        using var folder = WriteConfig();
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort.Next()).ToList();
        var nodes = ports.Select(port => StartNode(folder, port, database.Url)).ToList();
        try
        {
            await Task.WhenAll(nodes.Select((node, i) => node.WaitForHttpAsync(new Uri($"http://127.0.0.1:{ports[i]}/health/ready"), StartTimeout)));

            var scripts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "sql", "postgres"), "*.sql").Length;
            Assert.Equal([(long)scripts], await database.QueryAsync("SELECT count(*) FROM schema_migrations", r => r.GetInt64(0)));
            foreach (var port in ports)
            {
                using var raw = new RawMcp(new Uri($"http://127.0.0.1:{port}/mcp"));
                var (status, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = $"port {port}" } }));
                Assert.True(status == 200 && RawSession.ResultText(body) == $"port {port}", $"node on port {port} answered {status}: {body?.ToJsonString()}");
            }

            Assert.All(nodes, n => Assert.DoesNotContain(database.Server.Password, n.Output, StringComparison.Ordinal));
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
    public async Task Process_MigrateOnStartOff_RefusesANewDatabase_UntilMcpgwMigrateRan()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("nomigrate");
        using var folder = WriteConfig();
        var port = FreePort.Next();
        var off = new Dictionary<string, string?> { ["GATEWAY_MIGRATE_ON_START"] = "false" };

        await using (var refused = StartNode(folder, port, database.Url, off))
        {
            await refused.Exited.WaitAsync(StartTimeout);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("mcpgw: cannot start: the store (postgres://", refused.Output, StringComparison.Ordinal);
            Assert.Contains("run 'mcpgw migrate' first", refused.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
        }

        await using (var migrate = GatewayProcess.Run(["migrate"], new Dictionary<string, string?> { ["DATABASE_URL"] = database.Url }))
        {
            await migrate.Exited.WaitAsync(StartTimeout);
            Assert.Equal(0, migrate.ExitCode);
        }

        await using var node = StartNode(folder, port, database.Url, off);
        await node.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), StartTimeout);
    }

    [Fact]
    public async Task Process_DatabaseUnreachable_RefusesToStart_SayingWhy_WithoutThePassword()
    {
        using var folder = WriteConfig();
        var closedPort = FreePort.Next();

        await using var node = StartNode(folder, FreePort.Next(), $"postgres://gw:hunter2@127.0.0.1:{closedPort}/gateway?connect_timeout=5");
        await node.Exited.WaitAsync(StartTimeout);

        Assert.Equal(1, node.ExitCode);
        Assert.Contains($"the store (postgres://gw@127.0.0.1:{closedPort}/gateway) is not usable", node.Output, StringComparison.Ordinal);
        Assert.Contains("Connection refused", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_ASecondNodeOnTheSameSiloPort_RefusesToStart_AndTheFirstKeepsServing()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("siloport");
        using var folder = WriteConfig();
        var siloPort = new Dictionary<string, string?> { ["GATEWAY_SILO_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var firstPort = FreePort.Next();
        await using var first = StartNode(folder, firstPort, database.Url, siloPort);
        await first.WaitForHttpAsync(new Uri($"http://127.0.0.1:{firstPort}/health/ready"), StartTimeout);

        await using var second = StartNode(folder, FreePort.Next(), database.Url, siloPort);
        await second.Exited.WaitAsync(StartTimeout);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"mcpgw: cannot start: the silo port {siloPort["GATEWAY_SILO_PORT"]} (GATEWAY_SILO_PORT) is already in use on this host", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", second.Output, StringComparison.Ordinal);
        Assert.False(first.HasExited, "the first node stopped: " + first.Output);
        using var raw = new RawMcp(new Uri($"http://127.0.0.1:{firstPort}/mcp"));
        var (status, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "still here" } }));
        Assert.True(status == 200 && RawSession.ResultText(body) == "still here", $"the first node answered {status}: {body?.ToJsonString()}");
    }

    private static TempFolder WriteConfig()
    {
        var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + GatewayHost.HelloStdio());
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        return folder;
    }

    private static ChildProcess StartNode(TempFolder folder, int port, string databaseUrl, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?> { ["GATEWAY_AUTH_MODE"] = "none", ["DATABASE_URL"] = databaseUrl };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return GatewayProcess.Run(["--urls", $"http://127.0.0.1:{port}", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data", port.ToString(System.Globalization.CultureInfo.InvariantCulture))], environment);
    }
}
