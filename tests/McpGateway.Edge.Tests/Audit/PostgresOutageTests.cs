using System.Collections.Concurrent;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Audit;

/// <summary>
/// PostgreSQL stopped and started again under load: calls keep being served (their records spooled locally), and once
/// the database is back every acknowledged call has exactly one record in it.
/// </summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class PostgresOutageTests
{
    [Fact(Skip = "Hangs intermittently in CI (5-minute blame timeout, twice on 2026-11-21); passes alone. Tracked on issue 5.")]
    public async Task PostgresStoppedAndRestartedUnderLoad_EveryAcknowledgedCallEndsUpStoredExactlyOnce()
    {
        await using var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync("outage");
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + GatewayHost.HelloStdio());
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var acknowledged = new ConcurrentBag<string>();
        var target = 100;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAcknowledged()
        {
            if (acknowledged.Count >= Volatile.Read(ref target))
            {
                reached.TrySetResult();
            }
        }

        await using var gateway = AuditDurabilityTests.StartGateway(folder, port, database.Url);
        await gateway.WaitForHttpAsync(new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(60));
        using var stop = new CancellationTokenSource();
        var workers = Load.Start(baseAddress, acknowledged, stop.Token, OnAcknowledged, workers: 4);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(300));

        await server.StopAsync();
        var duringOutage = acknowledged.Count;
        reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref target, duringOutage + 100);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(300));
        var spooled = Directory.GetFiles(Path.Combine(folder.Path, "data", "audit-spool"), "*.jsonl");
        Assert.NotEmpty(spooled);

        await server.StartAgainAsync();
        reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref target, acknowledged.Count + 100);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(300));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        // The drainer retries every second: wait for the spool to empty (the node says so in /metrics too).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.GetFiles(Path.Combine(folder.Path, "data", "audit-spool"), "*.jsonl").Length > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var recorded = (await AuditDurabilityTests.RecordedRequestIdsAsync(baseAddress)).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(acknowledged.Count >= duringOutage + 200);
        Assert.All(acknowledged, id => Assert.Equal(1, recorded.GetValueOrDefault(id)));
        var (exitCode, output) = await AuditDurabilityTests.VerifyAsync(folder, database.Url);
        Assert.True(exitCode == 0, output);
    }
}
