using System.Globalization;
using System.Net;
using System.Text;
using McpGateway.Tests.Common;

namespace McpGateway.Bench.Cluster;

/// <summary>
/// <c>cluster</c>: stateless <c>tools/call</c> throughput and latency over one, two and three gateway nodes on one
/// PostgreSQL (requests spread round-robin by the client), and the cross-node hop of a legacy SSE message. Writes
/// bench/results/cluster.md. See bench/README.md.
/// </summary>
internal static class ClusterBench
{
    private static readonly int[] Concurrency = [1, 16];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 && args[0] == "--seconds" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var output = Path.Combine(RepoPaths.Root, "bench", "results", "cluster.md");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

        Console.Error.WriteLine("starting PostgreSQL, Hello and three nodes");
        await using var hosts = await ClusterHosts.StartAsync(http, 3);
        var rows = new List<(int Nodes, PhaseResult Result)>();
        foreach (var nodes in new[] { 0, 1, 2, 3 })
        {
            // Zero nodes: the same call straight to the Hello server, the baseline of the ratios.
            var targets = nodes == 0
                ? [EchoTarget.ToolCall("direct", hosts.Backend, "echo", "hello")]
                : hosts.Nodes.Take(nodes).Select((n, i) => EchoTarget.ToolCall($"node{i + 1}", new Uri(n, "/mcp"), "hello.echo", "hello")).ToList();
            foreach (var c in Concurrency)
            {
                Console.Error.WriteLine($"{nodes} node(s), c={c}");
                await LoadRunner.RunAsync(http, targets, c, 2_000, TimeSpan.FromSeconds(3), 0, null, CancellationToken.None);
                rows.Add((nodes, await LoadRunner.RunAsync(http, targets, c, int.MaxValue, TimeSpan.FromSeconds(seconds), 1, null, CancellationToken.None)));
                hosts.EnsureAlive();
            }
        }

        Console.Error.WriteLine("cross-node hop");
        using var streamHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var probe = new HopProbe(streamHttp, hosts.Nodes[0]);
        await probe.OpenAsync();
        await probe.MeasureAsync(hosts.Nodes[0], 200, 1);
        await probe.MeasureAsync(hosts.Nodes[1], 200, 1_000);
        var local = LatencyStats.From(await probe.MeasureAsync(hosts.Nodes[0], 1_000, 10_000));
        var remote = LatencyStats.From(await probe.MeasureAsync(hosts.Nodes[1], 1_000, 20_000));

        var report = Report(rows, local, remote, seconds, loadBefore);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(report);
        return rows.Any(r => r.Result.Errors > 0) ? 1 : 0;
    }

    private static string Report(List<(int Nodes, PhaseResult Result)> rows, LatencyStats local, LatencyStats remote, double seconds, string loadBefore)
    {
        static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine("# Cluster: throughput over 1, 2, 3 nodes and the cross-node hop");
        text.AppendLine();
        text.AppendLine($"Written by `dotnet run -c Release --project bench/Bench -- cluster` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, "
            + $"{Environment.ProcessorCount} cores, load average (1, 5, 15 min, /proc/loadavg) before: {loadBefore}; after: "
            + $"{(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?")}. A load average above the core count means other"
            + " work (other builds and tests on a shared machine) competed for the cores during the run.");
        text.AppendLine();
        text.AppendLine("**Every process shares the same cores**: PostgreSQL, the Hello backend, the three gateway nodes and this load");
        text.AppendLine("generator. More nodes here add no CPU, only more processes competing for it; the table shows what the cluster");
        text.AppendLine("costs (coordination, idle heartbeats), not how it scales on separate machines. Other work on the machine");
        text.AppendLine("during the run shows up as noise.");
        text.AppendLine();
        text.AppendLine($"## Stateless `tools/call` (`hello.echo`), {seconds:0} s per phase after a 3 s warm-up");
        text.AppendLine();
        text.AppendLine("Requests are spread round-robin over the nodes by the client (no ingress in the path); every node runs in");
        text.AppendLine("every phase (the idle ones heartbeat). The first rows call the Hello server directly (`echo`, no gateway), in");
        text.AppendLine("the same run: the ratios compare each gateway phase with the direct call at the same concurrency. Each gateway");
        text.AppendLine("call waits until its audit record is committed in PostgreSQL (group commit, docs/audit.md): at concurrency 1");
        text.AppendLine("that commit is most of the difference (the audit step alone: bench/results/audit.md).");
        text.AppendLine();
        text.AppendLine("The last two columns compare each phase with one node at the same concurrency (issue 16's goal for three");
        text.AppendLine("nodes: p50 at most 1.3 × one node's).");
        text.AppendLine();
        text.AppendLine("| nodes | concurrency | calls/s | × direct | p50 ms | p90 ms | p99 ms | errors | calls/s × 1 node | p50 × 1 node |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (nodes, r) in rows)
        {
            var direct = rows.First(d => d.Nodes == 0 && d.Result.Concurrency == r.Concurrency).Result;
            var one = rows.First(d => d.Nodes == 1 && d.Result.Concurrency == r.Concurrency).Result;
            var ratio = direct.Throughput > 0 ? r.Throughput / direct.Throughput : 0;
            var againstOne = nodes == 0 ? "" : $" {F(one.Throughput > 0 ? r.Throughput / one.Throughput : 0)} | {F(one.Latency.P50 > 0 ? r.Latency.P50 / one.Latency.P50 : 0)} |";
            text.AppendLine($"| {(nodes == 0 ? "direct" : nodes)} | {r.Concurrency} | {r.Throughput:0} | {F(ratio)} | {F(r.Latency.P50)} | {F(r.Latency.P90)} | {F(r.Latency.P99)} | {r.Errors} |{(nodes == 0 ? " | |" : againstOne)}");
        }

        foreach (var sample in rows.SelectMany(r => r.Result.ErrorSamples).Distinct().Take(5))
        {
            text.AppendLine($"- error: {sample}");
        }

        text.AppendLine();
        text.AppendLine("## Cross-node hop (legacy SSE, `ping`, 1,000 each, one at a time)");
        text.AppendLine();
        text.AppendLine("A legacy SSE session streams from node 1 (`GET /sse`; node 1 registered its `NodeSessionObserver` with the");
        text.AppendLine("session's `SessionGrain` as the stream's holder). Each `ping` is posted to `POST /messages?sessionId=…` of either");
        text.AppendLine("node; both read the session record from its `SessionGrain` (owner, scope). **Node 1** (local) finds the stream in");
        text.AppendLine("process and serves the ping onto it. **Node 2** (the hop) sends it to the `SessionGrain` (`SendAsync`,");
        text.AppendLine("`ClientMessage`), which calls node 1's observer (Orleans grain-observer call, silo to silo); node 1 serves it onto");
        text.AppendLine("the stream, and node 2 answers the POST 202 once the grain delivered it. No PostgreSQL `LISTEN/NOTIFY` or bus is");
        text.AppendLine("involved (removed by issue 17). Time from the POST to the answer on the stream, one ping at a time.");
        text.AppendLine();
        text.AppendLine("| posted to | mean ms | p50 ms | p90 ms | p99 ms | max ms |");
        text.AppendLine("|---|---|---|---|---|---|");
        text.AppendLine($"| node 1 (local) | {F(local.Mean)} | {F(local.P50)} | {F(local.P90)} | {F(local.P99)} | {F(local.Max)} |");
        text.AppendLine($"| node 2 (session grain → node 1's observer) | {F(remote.Mean)} | {F(remote.P50)} | {F(remote.P90)} | {F(remote.P99)} | {F(remote.Max)} |");
        text.AppendLine();
        text.AppendLine($"The hop adds {F(remote.P50 - local.P50)} ms at the median (node 2 ÷ node 1 at p50: {F(local.P50 > 0 ? remote.P50 / local.P50 : 0)}×).");
        return text.ToString();
    }
}
