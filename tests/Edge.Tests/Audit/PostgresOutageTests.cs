using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Audit;

/// <summary>
/// PostgreSQL stopped and started again under load. Calls that run while it is down are served (admission lives in
/// the traffic grains, not in the database) and their records spooled locally, or refused with 503; never anything
/// else. Once the
/// database is back the spool drains, and every acknowledged call has exactly one record in it.
/// </summary>
/// <remarks>
/// The test waits for conditions, never for a number of calls during the outage: how many calls a node serves on its
/// lease depends on the machine's speed (waiting for a fixed number made this test hang on a loaded machine).
/// </remarks>
[Collection(SeveralProcessesCollection.Name)]
public sealed class PostgresOutageTests
{
    private const int HeldCalls = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PostgresStoppedAndRestartedUnderLoad_EveryAcknowledgedCallEndsUpStoredExactlyOnce()
    {
        await using var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync("outage");
        await using var held = await GuardedBackend.StartAsync();
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + GatewayHost.HelloStdio() + $"""
              - name: guard
                transport: streamable-http
                url: {held.Endpoint}

            """);
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var spool = Path.Combine(folder.Path, "data", "audit-spool");
        await using var gateway = AuditDurabilityTests.StartGateway(folder, port, database.Url);
        await gateway.WaitForHttpAsync(new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(60));
        using var raw = new RawMcp(new Uri(baseAddress, "/mcp"));
        HttpRequestMessage Work() => raw.Stateless2026("tools/call", new JsonObject { ["name"] = "guard.work", ["arguments"] = new JsonObject() });

        var acknowledged = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var refusedWhileDown = 0;
        var down = false;
        using var stop = new CancellationTokenSource();
        var workers = Load.Start(baseAddress, acknowledged, stop.Token, () => { }, workers: 4, onAnswer: status =>
        {
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status == 503 && Volatile.Read(ref down))
            {
                Interlocked.Increment(ref refusedWhileDown);
            }
        });
        string Diagnostics() => $"answers by status: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; " +
            $"acknowledged {acknowledged.Count}; backend calls in flight {held.InFlight}\n{Tail(gateway.Output)}\nPostgreSQL log:\n{Tail(server.ReadLog())}";
        Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.UntilAsync(
            () =>
            {
                if (workers.FirstOrDefault(w => w.IsFaulted) is { } failed)
                {
                    Assert.Fail($"a caller failed while waiting for {what}: {failed.Exception}\n{Diagnostics()}");
                }

                return condition();
            },
            what,
            Deadline,
            Diagnostics);

        // Both backends serve; the load runs.
        await WaitUntilAsync(() => acknowledged.Count >= 50, "50 calls before the outage");
        var (status, body, response) = await raw.SendAsync(Work());
        Assert.True(status == 200, $"guard.work answered {status}: {body}");
        acknowledged.Add(response.Headers.GetValues("X-Request-ID").Single());

        // Calls admitted before the stop and answered after it: their records can only go to the spool.
        held.CloseGate();
        var heldCalls = Enumerable.Range(0, HeldCalls).Select(_ => raw.SendAsync(Work())).ToList();
        await WaitUntilAsync(() => held.InFlight == HeldCalls, "the held calls to reach the backend");
        await server.StopAsync();
        Volatile.Write(ref down, true);
        held.Release();
        foreach (var (heldStatus, heldBody, heldResponse) in await Task.WhenAll(heldCalls).WaitAsync(Deadline))
        {
            Assert.True(heldStatus == 200, $"a call admitted before the outage answered {heldStatus}: {heldBody}");
            Assert.Equal("done", heldBody?["result"]?["content"]?[0]?["text"]?.GetValue<string>());
            acknowledged.Add(heldResponse.Headers.GetValues("X-Request-ID").Single());
        }

        Assert.NotEmpty(Directory.GetFiles(spool, "*.jsonl"));
        // Admission lives in the traffic grains (in memory, not in the database): the node keeps admitting calls while
        // PostgreSQL is down, and their records wait in the spool.
        var atOutage = acknowledged.Count;
        await WaitUntilAsync(() => acknowledged.Count >= atOutage + 50, "50 calls served while PostgreSQL is down");

        await server.StartAgainAsync();
        Volatile.Write(ref down, false);
        var before = acknowledged.Count;
        await WaitUntilAsync(() => acknowledged.Count >= before + 50, "50 calls after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(Deadline);

        await AuditDurabilityTests.WaitForEmptySpoolAsync(folder);
        var recorded = (await AuditDurabilityTests.RecordedRequestIdsAsync(baseAddress)).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(statuses.Keys, s => Assert.True(s is 200 or 503, $"an answer was {s}; {Diagnostics()}"));
        Assert.All(acknowledged, id => Assert.Equal(1, recorded.GetValueOrDefault(id)));
        var (exitCode, output) = await AuditDurabilityTests.VerifyAsync(folder, database.Url);
        Assert.True(exitCode == 0, output);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
