using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// The compose cluster (three nodes, PostgreSQL, nginx) under a mixed load of every client type while each node in turn
/// is stopped with SIGTERM and started again (a rolling restart), and then one is killed with <c>kill -9</c> and
/// started again. No acknowledged call is missing from the audit log or recorded twice, every acknowledged job
/// finishes, the cluster-wide rate limit was never exceeded, and the clients went on throughout.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RollingRestartTests : IAsyncLifetime
{
    /// <summary>The compose deployment's tool limit (.env.example: <c>RATE_LIMIT_TOOL_PER_MINUTE</c>, burst the same).</summary>
    private const int ToolPerMinute = 100;

    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RollingRestartAndKillMinus9_UnderMixedLoad_LoseNoAcknowledgedCallOrJob_AndKeepTheLimitsExact()
    {
        await using var load = new ClusterLoad(_cluster);
        load.Start();
        await load.WaitForProgressAsync(3, TimeSpan.FromSeconds(120));

        foreach (var node in _cluster.Nodes)
        {
            _cluster.Process(node).Terminate();
            await _cluster.Process(node).Exited.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.True(_cluster.Process(node).ExitCode == 0, $"{node} drained with exit code {_cluster.Process(node).ExitCode}:\n{_cluster.Process(node).Output}");
            await _cluster.StartNodeAsync(node);
            await load.WaitForProgressAsync(2, TimeSpan.FromSeconds(120));
        }

        var victim = _cluster.Nodes[1];
        _cluster.Process(victim).KillHard();
        await _cluster.Process(victim).Exited.WaitAsync(TimeSpan.FromSeconds(30));
        await load.WaitForProgressAsync(2, TimeSpan.FromSeconds(120));
        await _cluster.StartNodeAsync(victim);
        await load.WaitForProgressAsync(2, TimeSpan.FromSeconds(120));
        await load.StopAsync();
        var seconds = _sinceStart.Elapsed.TotalSeconds;

        using var admin = _cluster.Client();
        var records = await Audit.AuditDurabilityTests.RecordsAsync(_cluster.Ingress, admin);
        var byRequest = records.Where(r => r["method"]?.GetValue<string>() == "tools/call")
            .GroupBy(r => r["request_id"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var (kind, acknowledged) in load.Acknowledged)
        {
            var missing = acknowledged.Where(id => byRequest.GetValueOrDefault(id) != 1).ToList();
            Assert.True(missing.Count == 0, $"{kind}: {missing.Count} of {acknowledged.Count} acknowledged calls have not exactly one audit record");
        }

        var outcomeUnknown = 0;
        foreach (var job in load.Jobs)
        {
            // No job is lost. One whose call was under way on the node killed with SIGKILL cannot be known to have run
            // or not: hello.sum is not idempotent, so it ends failed with "Outcome unknown" (docs/jobs.md), never run twice.
            var final = await FinalStatusAsync(admin, job);
            var succeeded = final["status"]!.GetValue<string>() == "succeeded";
            var unknown = final["status"]!.GetValue<string>() == "failed"
                && final["error"]?["message"]?.GetValue<string>() is { } message && message.StartsWith("Outcome unknown", StringComparison.Ordinal);
            Assert.True(succeeded || unknown, $"job {final.ToJsonString()}");
            outcomeUnknown += unknown ? 1 : 0;
        }

        Assert.True(outcomeUnknown < load.Jobs.Count, $"all {load.Jobs.Count} jobs ended with an unknown outcome");

        // Every tool's bucket admits at most burst + rate · t across the cluster, plus the documented bound of the
        // traffic grains (docs/traffic-control.md, "Error bounds"): each time the silo hosting a bucket's authority
        // stops or dies (three restarts and a kill here) its new activation starts full, at most one more burst.
        const int silosLost = 4;
        var bound = ToolPerMinute + (ToolPerMinute * seconds / 60) + (silosLost * ToolPerMinute);
        foreach (var tool in new[] { ClusterLoad.StatelessTool, ClusterLoad.SessionTool })
        {
            var admitted = records.Count(r => r["name"]?.GetValue<string>() == tool && r["outcome"]?.GetValue<string>() == "success");
            Assert.True(admitted <= bound, $"{tool}: {admitted} calls admitted in {seconds:F0} s, more than {bound:F0}");
        }
    }

    /// <summary>The job once it is no longer queued or running (polled through the ingress).</summary>
    private Task<JsonObject> FinalStatusAsync(HttpClient http, string job) => Eventually.ValueAsync(
        async () => (await http.GetFromJsonAsync<JsonObject>(new Uri(_cluster.Ingress, $"/jobs/{job}")))!,
        status => status["status"]!.GetValue<string>() is not ("queued" or "running"),
        $"job {job} to end",
        TimeSpan.FromSeconds(120));
}
