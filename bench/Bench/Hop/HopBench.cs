using System.Globalization;
using System.Net;
using System.Text;
using McpGateway.Tests.Common;

namespace McpGateway.Bench.Hop;

/// <summary>
/// <c>hop</c>: the gateway in front of real backends, against the same call made directly and through the Node peers,
/// in one run: <c>tools/call echo</c> to server-everything, a Node SDK server (stateful and stateless) and Hello, from
/// a 2025-11-25 session client and a 2026-07-28 client (the C# load generator) and the Node SDK client
/// (<see cref="NodeSdkClient"/>), at each concurrency; p50/p99, throughput and the CPU per call
/// of the process in front. Writes bench/results/hop.md (see bench/README.md).
/// </summary>
internal static class HopBench
{
    private const string Message = "hello";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = CommandLine.Number(args, "--seconds", 8);
        var warmup = CommandLine.Number(args, "--warmup-seconds", 3);
        var nodeSeconds = CommandLine.Number(args, "--node-seconds", Math.Min(seconds, 5));
        var nodeWarmup = CommandLine.Number(args, "--node-warmup-seconds", Math.Min(warmup, 2));
        var concurrency = CommandLine.Value(args, "--concurrency") is { } list ? list.Split(',').Select(int.Parse).ToArray() : [1, 16];
        var rounds = (int)CommandLine.Number(args, "--rounds", 1);
        var output = CommandLine.Value(args, "--output") ?? Path.Combine(RepoPaths.Root, "bench", "results", "hop.md");
        var gatewayEnvironment = args.Select((a, i) => (a, i)).Where(p => p.a == "--gateway-env" && p.i + 1 < args.Length)
            .Select(p => args[p.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");

        HopHosts.EnsureNodePackages();
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 64,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var loadBefore = LoadAverage();
        var started = DateTimeOffset.UtcNow;
        Console.Error.WriteLine("starting the backends, the gateway and the Node peers");
        await using var hosts = await HopHosts.StartAsync(http, gatewayEnvironment);

        // --only a,b: just the rows whose label contains one of these (e.g. "everything via gateway (stateless)"), to
        // run or profile one phase alone; a row without its direct row in the run gets no added p50 or ratio.
        var only = CommandLine.Value(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var groups = Groups(hosts)
            .Select(g => g with { Rows = [.. g.Rows.Where(r => only is null || only.Any(o => r.Label.Contains(o, StringComparison.OrdinalIgnoreCase)))] })
            .Where(g => g.Rows.Count > 0)
            .ToList();
        var maxConcurrency = concurrency.Max();
        foreach (var row in groups.SelectMany(g => g.Rows))
        {
            string? problem;
            if (row.Target is { } target)
            {
                await target.OpenSessionsAsync(http, maxConcurrency);
                var probe = await LoadRunner.RunAsync(http, target, 1, 1, TimeSpan.FromSeconds(30), 0, null, CancellationToken.None);
                problem = probe.Errors > 0 ? string.Join("; ", probe.ErrorSamples) : null;
            }
            else
            {
                problem = await row.Node!.ProbeAsync();
            }

            if (problem is not null)
            {
                Console.Error.WriteLine($"{row.Label} fails: {problem}");
                return 1;
            }
        }

        // Rounds alternate: each round runs every row of a backend once, so a row and its direct row are measured
        // minutes apart at most, and the report takes medians over the rounds (of each row's figures, and of its
        // difference to and ratio against the direct row of the same round).
        var results = new List<(Group Group, Row Row, PhaseResult Result)>();
        foreach (var c in concurrency)
        {
            foreach (var group in groups)
            {
                foreach (var (row, round) in Enumerable.Range(1, rounds).SelectMany(round => group.Rows.Select(row => (row, round))))
                {
                    var meter = CpuMeter.Available ? new CpuMeter(row.Backend?.Process.Id ?? row.Front.Process.Id, row.Front.Process.Id) : null;
                    PhaseResult result;
                    if (row.Target is { } target)
                    {
                        // Fresh sessions for every phase: a server ends sessions left idle while the other rows ran
                        // (Hello's after minutes), and a long run with rounds leaves them idle for longer.
                        await target.OpenSessionsAsync(http, maxConcurrency, renew: true);
                        await LoadRunner.RunAsync(http, target, c, int.MaxValue, TimeSpan.FromSeconds(warmup), 0, null, CancellationToken.None);
                        result = await LoadRunner.RunAsync(http, target, c, int.MaxValue, TimeSpan.FromSeconds(seconds), 1, meter, CancellationToken.None);
                    }
                    else
                    {
                        result = await row.Node!.RunAsync(c, TimeSpan.FromSeconds(nodeWarmup), TimeSpan.FromSeconds(nodeSeconds), null, meter);
                    }

                    result = result with { Round = round };
                    results.Add((group, row, result));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{group.Title,-34} {row.Path,-14} {row.Client,-10} c={c,-3} r{round} p50 {result.Latency.P50:0.000} p99 {result.Latency.P99:0.000} {result.Throughput,7:0} req/s {result.Errors} err"));
                }
            }
        }

        var report = HopReport.Render(results, rounds, started, loadBefore, LoadAverage(), seconds, warmup, nodeSeconds, nodeWarmup, gatewayEnvironment);
        Console.WriteLine(report);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report);
        Console.Error.WriteLine($"report written to {output}");
        return results.Any(r => r.Result.Errors > 0) ? 1 : 0;
    }

    /// <summary>A backend (or a way to reach it) and the paths measured to it; the first row is the direct reference.</summary>
    internal sealed record Group(string Title, IReadOnlyList<Row> Rows);

    /// <summary>
    /// One path: who is in front (<see cref="Front"/>, whose CPU is reported), the client and the request: the C# load
    /// generator's <see cref="Target"/>, or the Node SDK client (<see cref="Node"/>, a process of its own).
    /// </summary>
    internal sealed record Row(string Path, string Client, HopHosts.Endpoint Front, HopHosts.Endpoint? Backend, EchoTarget? Target, NodeSdkClient? Node = null)
    {
        public bool IsDirect => Path == "direct";

        public string Label => Target?.Label ?? Node!.Label;

        /// <summary>The client of the direct row this row's added p50 is measured against: the Node SDK client's own, else the session client's.</summary>
        public string ReferenceClient => Node is null ? EchoTarget.SessionRevision : NodeSdkClient.ClientName;
    }

    private static List<Group> Groups(HopHosts hosts)
    {
        const string Session = "2025-11-25";
        const string Stateless = "2026-07-28";
        Row Direct(HopHosts.Endpoint backend, string expected) =>
            new("direct", Session, backend, null, EchoTarget.SessionToolCall($"{backend.Name} direct", backend.Mcp, "echo", Message, expected));
        Row ViaGateway(HopHosts.Endpoint backend, string name, string expected, bool session) => new(
            "gateway",
            session ? Session : Stateless,
            hosts.Gateway,
            backend,
            session
                ? EchoTarget.SessionToolCall($"{name} via gateway (session)", hosts.Gateway.Mcp, name + ".echo", Message, expected)
                : EchoTarget.ToolCall($"{name} via gateway (stateless)", hosts.Gateway.Mcp, name + ".echo", Message, expected));

        Row Fsync(HopHosts.Endpoint backend, string name, string expected) => new(
            "gateway fsync", Stateless, hosts.GatewayFsync, backend,
            EchoTarget.ToolCall($"{name} via gateway with GATEWAY_AUDIT_FSYNC=true", hosts.GatewayFsync.Mcp, name + ".echo", Message, expected));

        // The Node SDK client (sdk-client.mjs, 2025-11-25 sessions) directly and through the gateway (a gateway session).
        Row NodeDirect(HopHosts.Endpoint backend, string expected) =>
            new("direct", NodeSdkClient.ClientName, backend, null, null, new NodeSdkClient($"{backend.Name} direct (Node SDK client)", backend.Mcp, "echo", Message, expected));
        Row NodeViaGateway(HopHosts.Endpoint backend, string name, string expected) =>
            new("gateway", NodeSdkClient.ClientName, hosts.Gateway, backend, null, new NodeSdkClient($"{name} via gateway (Node SDK client)", hosts.Gateway.Mcp, name + ".echo", Message, expected));

        const string EverythingText = "Echo: " + Message;
        return
        [
            new("server-everything (Streamable HTTP, stateful)",
            [
                Direct(hosts.EverythingHttp, EverythingText),
                ViaGateway(hosts.EverythingHttp, "everything", EverythingText, session: true),
                ViaGateway(hosts.EverythingHttp, "everything", EverythingText, session: false),
                Fsync(hosts.EverythingHttp, "everything", EverythingText),
                new("mcp-proxy", Session, hosts.McpProxy, null, EchoTarget.SessionToolCall("everything via mcp-proxy", hosts.McpProxy.Mcp, "echo", Message, EverythingText)),
                new("supergateway", Session, hosts.Supergateway, null, EchoTarget.SessionToolCall("everything via supergateway", hosts.Supergateway.Mcp, "echo", Message, EverythingText)),
                new("gateway (stdio)", Session, hosts.Gateway, null, EchoTarget.SessionToolCall("everything over stdio via gateway", hosts.Gateway.Mcp, "evstdio.echo", Message, EverythingText)),
                NodeDirect(hosts.EverythingHttp, EverythingText),
                NodeViaGateway(hosts.EverythingHttp, "everything", EverythingText),
            ]),
            new("Node SDK server (stateful)",
            [
                Direct(hosts.NodeSdk, Message),
                ViaGateway(hosts.NodeSdk, "nodesdk", Message, session: true),
                ViaGateway(hosts.NodeSdk, "nodesdk", Message, session: false),
                NodeDirect(hosts.NodeSdk, Message),
                NodeViaGateway(hosts.NodeSdk, "nodesdk", Message),
            ]),
            new("Node SDK server (stateless)",
            [
                Direct(hosts.NodeSdkStateless, Message),
                ViaGateway(hosts.NodeSdkStateless, "nodesdkless", Message, session: true),
                ViaGateway(hosts.NodeSdkStateless, "nodesdkless", Message, session: false),
                NodeDirect(hosts.NodeSdkStateless, Message),
                NodeViaGateway(hosts.NodeSdkStateless, "nodesdkless", Message),
            ]),
            new("Hello (C#)",
            [
                Direct(hosts.Hello, Message),
                new("direct", Stateless, hosts.Hello, null, EchoTarget.ToolCall("hello direct (stateless)", hosts.Hello.Mcp, "echo", Message, Message)),
                ViaGateway(hosts.Hello, "hello", Message, session: true),
                ViaGateway(hosts.Hello, "hello", Message, session: false),
                Fsync(hosts.Hello, "hello", Message),
                NodeDirect(hosts.Hello, Message),
                NodeViaGateway(hosts.Hello, "hello", Message),
            ]),
        ];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}

/// <summary>The Markdown report of the hop benchmark.</summary>
internal static class HopReport
{
    public static string Render(
        List<(HopBench.Group Group, HopBench.Row Row, PhaseResult Result)> results, int rounds, DateTimeOffset started, string loadBefore, string loadAfter,
        double seconds, double warmup, double nodeSeconds, double nodeWarmup, IReadOnlyDictionary<string, string> gatewayEnvironment)
    {
        static string F(double v) => double.IsNaN(v) ? "–" : v.ToString("0.000", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine("# The hop with real peers: gateway vs direct vs Node proxies");
        text.AppendLine();
        var runs = rounds == 1 ? "one run (ratios are within it)" : $"{rounds} rounds, each running every row of a backend once in turn; every figure is the median over the rounds, and the added p50 and req/s ÷ direct are medians of each round's difference to and ratio against the direct row of that round (the added p50 of each round follows in brackets)";
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {started:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; load average before {loadBefore}, after {loadAfter}. Generated by `dotnet run -c Release --project bench/Bench -- hop{(rounds == 1 ? "" : $" --rounds {rounds}")}` (bench/README.md); {warmup:0.#} s warm-up then {seconds:0.#} s measured per phase ({nodeWarmup:0.#} s and {nodeSeconds:0.#} s for the Node SDK client's rows), closed loop, {runs}.");
        if (gatewayEnvironment.Count > 0)
        {
            text.AppendLine().AppendLine("Gateway environment for this run: " + string.Join(", ", gatewayEnvironment.Select(kv => $"`{kv.Key}={kv.Value}`")));
        }

        text.AppendLine();
        text.AppendLine("*Added p50* is the row's p50 minus the direct call's (same backend, same c, the 2025-11-25 session client; for the Node SDK rows the Node SDK client); *req/s ÷ direct* the throughput ratio. *CPU µs/call* is the CPU time of the process in front (gateway, mcp-proxy or supergateway; for *direct*, the backend) divided by the calls. *gateway fsync* is a second gateway node with `GATEWAY_AUDIT_FSYNC=true` (the audit batch fsync'd before the answer); the other gateway rows run the default (batch in the WAL file, survives the process's death). mcp-proxy, supergateway and *gateway (stdio)* front server-everything started over stdio by them (how the Node peers are deployed); their added p50 is against the direct HTTP call to the same server program. *Node SDK* rows are the `@modelcontextprotocol/sdk` client (`Client` + `StreamableHTTPClientTransport`, `bench/node/sdk-client.mjs`, one session per concurrent client, a process of its own) directly and through the gateway; their added p50 and req/s ÷ direct are against the Node SDK client's own direct row.");
        foreach (var c in results.Select(r => r.Result.Concurrency).Distinct())
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## c={c}");
            text.AppendLine();
            text.AppendLine("| backend | path | client | p50 ms | p99 ms | req/s | added p50 ms | req/s ÷ direct | CPU µs/call (front) | errors |");
            text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var group in results.Where(r => r.Result.Concurrency == c).GroupBy(r => r.Group.Title))
            {
                foreach (var phases in group.GroupBy(r => r.Row))
                {
                    var row = phases.Key;
                    var measured = phases.Select(p => p.Result).ToList();
                    var paired = measured
                        .Select(result => (result, direct: group.FirstOrDefault(r => r.Row.IsDirect && r.Row.Client == row.ReferenceClient && r.Result.Round == result.Round).Result))
                        .Where(p => p.direct is not null && !row.IsDirect)
                        .ToList();
                    var added = paired.Select(p => p.result.Latency.P50 - p.direct!.Latency.P50).ToList();
                    var ratio = paired.Select(p => p.result.Throughput / p.direct!.Throughput).ToList();
                    var cpu = Report.Median(measured.Where(r => r.Cpu is not null && r.Completed > 0).Select(r => r.Cpu!.Gateway * r.ElapsedSeconds / r.Completed * 1e6));
                    var addedText = added.Count == 0 ? "" : F(Report.Median(added)) + (added.Count > 1 ? " (" + string.Join(", ", added.Select(a => a.ToString("0.00", CultureInfo.InvariantCulture))) + ")" : "");
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {group.Key} | {row.Path} | {row.Client} | {F(Report.Median(measured.Select(r => r.Latency.P50)))} | {F(Report.Median(measured.Select(r => r.Latency.P99)))} | {Report.Median(measured.Select(r => r.Throughput)):0} | {addedText} | {(ratio.Count == 0 ? "" : Report.Median(ratio).ToString("0.00", CultureInfo.InvariantCulture))} | {(double.IsNaN(cpu) ? "–" : cpu.ToString("0", CultureInfo.InvariantCulture))} | {measured.Sum(r => r.Errors)} |");
                }
            }
        }

        foreach (var (group, row, result) in results.Where(r => r.Result.Errors > 0))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Errors of {group.Title} {row.Path} {row.Client} c={result.Concurrency} round {result.Round}: {string.Join("; ", result.ErrorSamples)}");
        }

        return text.ToString();
    }
}
