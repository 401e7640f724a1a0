using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;
using Microsoft.Data.Sqlite;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Audit;

/// <summary>
/// The real <c>mcpgw</c> process: no acknowledged call is missing from the audit log after <c>kill -9</c>, and
/// <c>mcpgw audit verify</c> finds tampered rows.
/// </summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class AuditDurabilityTests
{
    /// <summary>Auth mode none, and rate limits far above what the load produces (these tests are about the audit log).</summary>
    private static Dictionary<string, string?> Environment(string? databaseUrl) => new()
    {
        ["GATEWAY_AUTH_MODE"] = "none",
        ["DATABASE_URL"] = databaseUrl,
        ["RATE_LIMIT_USER_PER_MINUTE"] = "10000000",
        ["RATE_LIMIT_TOOL_PER_MINUTE"] = "10000000",
    };

    internal static ChildProcess StartGateway(TempFolder folder, int port, string? databaseUrl = null) =>
        GatewayProcess.Run(["--urls", $"http://127.0.0.1:{port}", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], Environment(databaseUrl));

    internal static async Task<(int ExitCode, string Output)> VerifyAsync(TempFolder folder, string? databaseUrl = null)
    {
        await using var verify = GatewayProcess.Run(["audit", "verify", "--data-dir", Path.Combine(folder.Path, "data")], Environment(databaseUrl));
        await verify.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        return (verify.ExitCode, verify.Output);
    }

    /// <summary>Every request id in the audit log, read through the admin API.</summary>
    internal static async Task<List<string>> RecordedRequestIdsAsync(Uri baseAddress) =>
        (await RecordsAsync(baseAddress)).ConvertAll(r => r["request_id"]!.GetValue<string>());

    /// <summary>
    /// Every record in the audit log, newest first, read through the admin API (with <paramref name="credentials"/>'
    /// token when the gateway wants one).
    /// </summary>
    internal static async Task<List<JsonObject>> RecordsAsync(Uri baseAddress, HttpClient? credentials = null)
    {
        using var own = credentials is null ? new HttpClient() : null;
        var http = credentials ?? own!;
        var records = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = (await http.GetFromJsonAsync<JsonObject>(new Uri(baseAddress, "/admin/audit?limit=1000" + (cursor is null ? "" : "&cursor=" + cursor))))!;
            records.AddRange(page["records"]!.AsArray().Select(r => r!.AsObject()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return records;
    }

    /// <summary>Waits until the node's spool holds no batch (the drainer retries every second).</summary>
    internal static async Task WaitForEmptySpoolAsync(TempFolder folder)
    {
        var spool = Path.Combine(folder.Path, "data", "audit-spool");
        await Eventually.UntilAsync(
            () => !Directory.Exists(spool) || Directory.GetFiles(spool, "*.jsonl").Length == 0,
            "the audit spool to drain",
            TimeSpan.FromSeconds(90));
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("postgres")]
    public async Task KillMinus9UnderLoad_EveryAcknowledgedCallHasExactlyOneRecord(string engine)
    {
        var databaseUrl = engine == "postgres" ? (await SharedPostgres.CreateDatabaseAsync("audit")).Url : null;
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + GatewayHost.HelloStdio());
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var acknowledged = new ConcurrentBag<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var gateway = StartGateway(folder, port, databaseUrl))
        {
            await gateway.WaitForHttpAsync(new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(60));
            using var stop = new CancellationTokenSource();
            var workers = Load.Start(baseAddress, acknowledged, stop.Token, () =>
            {
                if (acknowledged.Count >= 300)
                {
                    enough.TrySetResult();
                }
            });

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(300));
            gateway.KillHard();
            await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        }

        await using (var restarted = StartGateway(folder, port, databaseUrl))
        {
            await restarted.WaitForHttpAsync(new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(60));
            // Records spooled before the kill (a store slower than the writer's timeout) are drained at start.
            await WaitForEmptySpoolAsync(folder);
            var recorded = (await RecordedRequestIdsAsync(baseAddress)).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());

            Assert.True(acknowledged.Count >= 300);
            Assert.All(acknowledged, id => Assert.Equal(1, recorded.GetValueOrDefault(id)));
            restarted.Terminate();
            await restarted.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var (exitCode, output) = await VerifyAsync(folder, databaseUrl);
        Assert.True(exitCode == 0, output);
        Assert.Contains("Audit log intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_TamperedRows_AreNamedAndTheExitCodeIsOne()
    {
        using var folder = new TempFolder();
        await using (var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), folder: folder))
        {
            using var raw = new RawMcp(gateway.McpEndpoint);
            for (var i = 0; i < 6; i++)
            {
                await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "m" } }));
            }
        }

        Assert.Equal(0, (await VerifyAsync(folder)).ExitCode);

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "data", "gateway.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
                UPDATE audit_log SET user_id = 'someone-else' WHERE seq = 2;
                DELETE FROM audit_log WHERE seq = 4;
                """;
            command.ExecuteNonQuery();
        }

        var (exitCode, output) = await VerifyAsync(folder);

        Assert.Equal(1, exitCode);
        Assert.Contains("seq 2: edited", output, StringComparison.Ordinal);
        Assert.Contains("seq 4: missing", output, StringComparison.Ordinal);
        Assert.Contains("TAMPERED: 2 problems", output, StringComparison.Ordinal);
    }
}
