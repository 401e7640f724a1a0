using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Audit;

/// <summary>
/// PostgreSQL stopped while the local spool cannot be written (its folder replaced by a regular file, which fails even
/// for root): a call already running is answered 503 -32019 instead of its result, new calls are refused before they
/// reach the backend, the node reports itself not ready; once PostgreSQL is back the held record of the call that ran
/// is stored and calls are served again.
/// </summary>
public sealed class UnwritableSpoolTests
{
    [Fact]
    public async Task StoreDownAndSpoolUnwritable_CallsAreRefusedBeforeTheBackend_AndTheRecordOfTheCallThatRanIsKept()
    {
        await using var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync("spool");
        await using var backend = await GuardedBackend.StartAsync();
        using var folder = new TempFolder();
        await using var gateway = await GatewayHost.StartAsync($"  - name: guard\n    transport: streamable-http\n    url: {backend.Endpoint}\n", folder: folder, databaseUrl: database.Url);
        using (var discovered = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await gateway.WaitForToolAsync("guard.work", discovered.Token);
        }

        using var raw = new RawMcp(gateway.McpEndpoint);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        HttpRequestMessage Work() => raw.Stateless2026("tools/call", new JsonObject { ["name"] = "guard.work", ["arguments"] = new JsonObject() });
        var (status, _, _) = await raw.SendAsync(Work());
        Assert.Equal(200, status);

        var spool = Path.Combine(folder.Path, "data", "audit-spool");
        Directory.Delete(spool);
        File.WriteAllText(spool, "not a folder");
        backend.CloseGate();
        var running = raw.SendAsync(Work());
        await Eventually.UntilAsync(() => backend.InFlight > 0, "the call to reach the backend");

        await server.StopAsync();
        backend.Release();
        var (ranStatus, ran, ranResponse) = await running.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(503, ranStatus);
        Assert.Equal(-32019, RawMcp.ErrorCode(ran));
        Assert.Null(ran!["result"]);
        var ranRequest = ranResponse.Headers.GetValues("X-Request-ID").Single();

        var (refusedStatus, refused, _) = await raw.SendAsync(Work());
        Assert.Equal(503, refusedStatus);
        Assert.Equal(-32019, RawMcp.ErrorCode(refused));
        Assert.Equal(2, backend.Calls);
        using (var ready = await http.GetAsync(new Uri(gateway.BaseAddress, "/health/ready")))
        {
            var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Equal(503, (int)ready.StatusCode);
            Assert.Contains("audit", body["degraded"]!.AsArray().Select(d => d!.GetValue<string>()));
            Assert.Equal("unavailable", body["checks"]!["audit"]!["status"]!.GetValue<string>());
        }

        Assert.Contains("mcpgw_audit_available 0", await http.GetStringAsync(new Uri(gateway.BaseAddress, "/metrics")), StringComparison.Ordinal);

        // PostgreSQL back (the spool still broken): the writer's own retry stores the held records, calls pass again.
        await server.StartAgainAsync();
        await Eventually.UntilAsync(async () => (await raw.SendAsync(Work())).Status == 200, "calls served again after PostgreSQL's restart", TimeSpan.FromSeconds(90));

        var records = await AuditDurabilityTests.RecordsAsync(gateway.BaseAddress);
        var record = Assert.Single(records, r => r["request_id"]!.GetValue<string>() == ranRequest);
        Assert.Equal("success", record["outcome"]!.GetValue<string>());
        Assert.Contains(records, r => r["error_kind"]?.GetValue<string>() == "AuditUnavailable");
        Assert.Equal(3, backend.Calls);
    }
}
