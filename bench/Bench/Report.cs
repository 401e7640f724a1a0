using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace McpGateway.Bench;

/// <summary>Facts about the run that go into the report header.</summary>
internal sealed record RunInfo(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string? LoadBefore,
    string? LoadAfter,
    string? GitCommit,
    string? DirtySource,
    BenchOptions Options,
    LogSummary HelloLog,
    LogSummary GatewayLog,
    LogSummary? RelayLog);

/// <summary>The Markdown report: summary table (medians over rounds), goal line, method, and every phase.</summary>
internal static class Report
{
    public const double GoalP50RatioAtC1 = 2.0;

    public static string Render(RunInfo run, IReadOnlyList<PhaseResult> phases)
    {
        var md = new StringBuilder();
        var totalErrors = phases.Sum(p => p.Errors);
        var o = run.Options;

        md.AppendLine("# Echo latency: gateway vs direct");
        md.AppendLine();
        if (totalErrors > 0)
        {
            md.AppendLine($"> **This run had {totalErrors} failed request(s); its numbers are not valid.** See the per-phase table for samples.");
            md.AppendLine();
        }

        if (o.Quick)
        {
            md.AppendLine("> Quick (smoke) run: short phases, a single round. Not a measurement to quote.");
            md.AppendLine();
        }

        // Summary.
        md.AppendLine($"Median of {o.Rounds} round(s). Latency in milliseconds (send → last response byte), throughput in successful requests per second.");
        md.AppendLine();
        md.AppendLine("| concurrency | direct p50 | direct p99 | direct req/s | gateway p50 | gateway p99 | gateway req/s | p50 gateway/direct | p99 gateway/direct | req/s direct/gateway | errors (direct / gateway) |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var summary = new Dictionary<int, (double P50Ratio, IReadOnlyList<double> RoundRatios)>();
        foreach (var c in o.Concurrency)
        {
            var direct = phases.Where(p => p.Concurrency == c && p.Target == "direct").ToList();
            var gateway = phases.Where(p => p.Concurrency == c && p.Target == "gateway").ToList();
            var d50 = Median(direct.Select(p => p.Latency.P50));
            var d99 = Median(direct.Select(p => p.Latency.P99));
            var dTput = Median(direct.Select(p => p.Throughput));
            var g50 = Median(gateway.Select(p => p.Latency.P50));
            var g99 = Median(gateway.Select(p => p.Latency.P99));
            var gTput = Median(gateway.Select(p => p.Throughput));
            var roundRatios = direct.Join(gateway, d => d.Round, g => g.Round, (d, g) => g.Latency.P50 / d.Latency.P50).ToList();
            summary[c] = (g50 / d50, roundRatios);
            md.AppendLine($"| c={c} | {Ms(d50)} | {Ms(d99)} | {Rate(dTput)} | {Ms(g50)} | {Ms(g99)} | {Rate(gTput)} | **{Ratio(g50 / d50)}** | {Ratio(g99 / d99)} | {Ratio(dTput / gTput)} | {direct.Sum(p => p.Errors)} / {gateway.Sum(p => p.Errors)} |");
        }

        md.AppendLine();
        if (summary.TryGetValue(1, out var c1))
        {
            var met = c1.P50Ratio <= GoalP50RatioAtC1 && totalErrors == 0;
            md.AppendLine($"**Goal: p50 ratio at c=1 ≤ {GoalP50RatioAtC1.ToString("0.0", CultureInfo.InvariantCulture)}** — measured {Ratio(c1.P50Ratio)} "
                + $"(per round: {string.Join(", ", c1.RoundRatios.Select(Ratio))}): **{(met ? "met" : "not met")}**.");
        }
        else
        {
            md.AppendLine($"**Goal: p50 ratio at c=1 ≤ {GoalP50RatioAtC1.ToString("0.0", CultureInfo.InvariantCulture)}** — c=1 was not measured in this run.");
        }

        md.AppendLine();

        if (o.Breakdown)
        {
            RenderBreakdown(md, o, phases);
        }

        // Machine.
        md.AppendLine("## Machine and run");
        md.AppendLine();
        md.AppendLine($"- Date: {run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, run took {run.Duration.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture)} min");
        md.AppendLine($"- CPU: {Environment.ProcessorCount} logical cores{(CpuModel() is { } model ? $" ({model})" : "")}");
        md.AppendLine($"- OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        md.AppendLine($"- .NET: {RuntimeInformation.FrameworkDescription}; load generator GC: {(GCSettings.IsServerGC ? "server" : "workstation")}");
        md.AppendLine($"- Build: {Configuration()} · HEAD {run.GitCommit ?? "unknown"}{(string.IsNullOrEmpty(run.DirtySource) ? "" : $" with uncommitted changes in {run.DirtySource}")} at the start of the run; "
            + $"`mcpgw.dll` built {BuiltAt("mcpgw.dll")}, `Hello.dll` built {BuiltAt("Hello.dll")}");
        md.AppendLine($"- Load average (1/5/15 min) before starting the servers: {run.LoadBefore ?? "n/a"}; after the run: {run.LoadAfter ?? "n/a"}");
        var others = phases.Where(p => p.Cpu is not null).Select(p => p.Cpu!.Others).ToList();
        if (others.Count > 0)
        {
            md.AppendLine($"- CPU used by other processes during the measured phases (cores, of {Environment.ProcessorCount}): median {Cores(Median(others))}, max {Cores(others.Max())}"
                + (Busy(run, others) is null ? " — the machine was quiet enough while measuring" : ""));
        }

        var busy = Busy(run, others);
        if (busy is not null)
        {
            md.AppendLine();
            md.AppendLine($"> **The machine was busy during this run** ({busy}). The load generator, the Hello server, the gateway and other "
                + "people's builds/tests all shared the same cores, so absolute numbers are pessimistic and noisy; the ratios, from "
                + "direct and gateway phases run back to back, are the more meaningful figures.");
        }

        md.AppendLine();

        // Method.
        md.AppendLine("## Method");
        md.AppendLine();
        md.AppendLine("- **direct**: `POST /mcp` on the Hello demo server (its own process, Streamable HTTP), tool `echo`.");
        md.AppendLine("- **gateway**: `POST /mcp` on a gateway node (its own process, `LOG_LEVEL=Warning`, anonymous auth) whose only backend `hello` "
            + "is that same Hello server over `streamable-http`; tool `hello.echo`. The gateway latency therefore includes a full direct call.");
        if (o.Breakdown)
        {
            md.AppendLine("- **relay** (diagnostic): `POST /mcp` on a bare relay to that same Hello server: its own process (Kestrel, HTTP/1.1, server GC, logging at Warning) "
                + "that copies the body and the MCP headers to Hello's `/mcp` with one `HttpClient` and streams status, `Content-Type` and body back; "
                + "no MCP logic, no JSON parsing, no audit; tool `echo`. It is the floor of any process hop on this machine.");
        }

        md.AppendLine($"- Request (every echo): stateless revision {EchoTarget.ProtocolVersion}, `{{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"tools/call\",\"params\":{{\"name\":…,\"arguments\":{{\"message\":\"{o.Message}\"}},\"_meta\":{{protocolVersion, clientCapabilities}}}}}}` "
            + "with `Content-Type: application/json`, `Accept: application/json, text/event-stream`, `MCP-Protocol-Version`, `Mcp-Method: tools/call`, `Mcp-Name`.");
        md.AppendLine("- Every response is checked (HTTP 200, JSON or SSE-framed JSON-RPC result for the same id, not `isError`, a text block equal to the message); failures are counted and excluded from the latencies.");
        md.AppendLine("- Closed loop: `c` workers each send a request and wait for the whole response before the next one; one shared `HttpClient` "
            + "(`SocketsHttpHandler`, HTTP/1.1 keep-alive, enough connections for every worker). Latency = `Stopwatch.GetTimestamp` before `SendAsync` to the last body byte.");
        md.AppendLine($"- Before round 1, every (target, concurrency) phase ran unrecorded for {Secs(o.InitialWarmupTime)} so that JIT tiering settles in every process.");
        md.AppendLine($"- Each phase: warm-up of {o.WarmupRequests:N0} requests or {Secs(o.WarmupTime)} (whichever first, not recorded), then a measured phase of up to "
            + $"{o.MeasuredRequests:N0} requests or {Secs(o.MeasuredTime)}, whichever first. Order per round: " + string.Join(", ", o.Concurrency.SelectMany(c => o.Breakdown
                ? new[] { $"direct c={c}", $"gateway c={c}", $"relay c={c}", $"direct-list c={c}", $"gateway-list c={c}" }
                : new[] { $"direct c={c}", $"gateway c={c}" }))
            + $"; {o.Rounds} round(s). The summary shows the median over rounds of each figure; ratios are computed from those medians.");
        if (o.Breakdown)
        {
            md.AppendLine("- Diagnostic phases after each pair: **relay** (the echo through the bare relay), then **direct-list** and **gateway-list**, a stateless `tools/list` (`Mcp-Method: tools/list`, no `Mcp-Name`) to each server (the gateway answers it from its catalogue, without the backend), same warm-up and bounds; they are not part of the summary ratios.");
        }

        md.AppendLine("- Percentiles are nearest-rank over all successful requests of a phase. Throughput = successful requests / wall time of the measured phase.");
        md.AppendLine($"- All the processes (load generator, Hello, gateway{(o.Breakdown ? ", relay" : "")}) run on this machine over loopback and compete for its {Environment.ProcessorCount} cores; "
            + "\"CPU cores\" columns below are from /proc (1.0 = one core busy for the whole phase); \"CPU µs per request\" divides each "
            + "process's CPU time by the successful requests (it includes whatever else that process did meanwhile, e.g. background JIT).");
        md.AppendLine($"- Server output (stdout/stderr to a file, not through the load generator) during the run: Hello {run.HelloLog.Lines:N0} line(s), gateway {run.GatewayLog.Lines:N0} line(s)"
            + (run.RelayLog is { } relayLog ? $", relay {relayLog.Lines:N0} line(s)." : "."));
        foreach (var (name, log) in new[] { ("Hello", run.HelloLog), ("gateway", run.GatewayLog), ("relay", run.RelayLog) })
        {
            foreach (var (text, count) in log?.TopProblems ?? [])
            {
                md.AppendLine($"  - {name} logged {count:N0}× `{text.ReplaceLineEndings(" ").Replace('`', '\'')}`");
            }
        }

        if (o.GatewayEnvironment.Count > 0)
        {
            md.AppendLine($"- **Non-default gateway environment for this run**: {string.Join(", ", o.GatewayEnvironment.Select(kv => $"`{kv.Key}={kv.Value}`"))}");
        }
        md.AppendLine();

        // Every phase.
        md.AppendLine("## Every phase");
        md.AppendLine();
        // The relay's CPU comes after the gateway's, when the relay ran; "others" stays everything that is not the benchmark's.
        string Relay(string cell) => o.Breakdown ? " / " + cell : "";
        md.AppendLine($"| round | c | target | requests | errors | p50 | p90 | p99 | max | mean | req/s | seconds | CPU cores: gen / hello / gateway{Relay("relay")} / others | CPU µs per request: gen / hello / gateway{Relay("relay")} |");
        md.AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var p in phases)
        {
            var cpu = p.Cpu is { } s ? $"{Cores(s.LoadGenerator)} / {Cores(s.Hello)} / {Cores(s.Gateway)}{Relay(Cores(s.Relay))} / {Cores(s.Others)}" : "n/a";
            var perRequest = p.Cpu is { } t && p.Throughput > 0
                ? $"{PerRequest(t.LoadGenerator, p.Throughput)} / {PerRequest(t.Hello, p.Throughput)} / {PerRequest(t.Gateway, p.Throughput)}{Relay(PerRequest(t.Relay, p.Throughput))}"
                : "n/a";
            md.AppendLine($"| {p.Round} | {p.Concurrency} | {p.Target} | {p.Completed:N0} | {p.Errors} | {Ms(p.Latency.P50)} | {Ms(p.Latency.P90)} | {Ms(p.Latency.P99)} | {Ms(p.Latency.Max)} | {Ms(p.Latency.Mean)} | {Rate(p.Throughput)} | {p.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)} | {cpu} | {perRequest} |");
        }

        var samples = phases.Where(p => p.ErrorSamples.Count > 0).ToList();
        if (samples.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Error samples");
            md.AppendLine();
            foreach (var p in samples)
            {
                foreach (var e in p.ErrorSamples)
                {
                    md.AppendLine($"- round {p.Round}, {p.Target} c={p.Concurrency}: `{e.Replace('`', '\'')}`");
                }
            }
        }

        return md.ToString();
    }

    /// <summary>
    /// Where the gateway's time goes, from the diagnostic phases: the bare relay's echo is the floor of a process hop;
    /// a list at the gateway is its HTTP + JSON-RPC handling without a backend; the rest of a gateway echo is forwarding
    /// (pipeline, the gateway's backend client, the backend).
    /// </summary>
    private static void RenderBreakdown(StringBuilder md, BenchOptions o, IReadOnlyList<PhaseResult> phases)
    {
        double P50(string target, int c) => Median(phases.Where(p => p.Target == target && p.Concurrency == c).Select(p => p.Latency.P50));

        md.AppendLine("### Breakdown (diagnostic, median p50 in ms)");
        md.AppendLine();
        md.AppendLine("`tools/list` answered by each server itself (the gateway from its catalogue, without the backend) next to the echo; each figure includes the load generator and loopback. The two lists are of similar size (Hello's two tools; the gateway's `hello.echo`, `hello.sum`). "
            + "The bare relay's echo is the same call as direct through a process that only copies the request and the response.");
        md.AppendLine();
        md.AppendLine("| concurrency | direct list | direct echo | gateway list | gateway echo | bare relay echo | gateway − direct | relay − direct | forwarding = gateway echo − gateway list | forwarding − direct echo |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in o.Concurrency)
        {
            var directList = P50("direct-list", c);
            var directEcho = P50("direct", c);
            var gatewayList = P50("gateway-list", c);
            var gatewayEcho = P50("gateway", c);
            var relayEcho = P50("relay", c);
            var forwarding = gatewayEcho - gatewayList;
            md.AppendLine($"| c={c} | {Ms(directList)} | {Ms(directEcho)} | {Ms(gatewayList)} | {Ms(gatewayEcho)} | {Ms(relayEcho)} | {Ms(gatewayEcho - directEcho)} | {Ms(relayEcho - directEcho)} | {Ms(forwarding)} | {Ms(forwarding - directEcho)} |");
        }

        md.AppendLine();
        md.AppendLine("\"Relay − direct\" is what one process hop costs on this machine with nothing in it (its HTTP server and client, the "
            + "loopback, waking another process): the floor of any gateway here. \"Gateway − direct\" minus that floor is the gateway's own work.");
        md.AppendLine("\"Forwarding\" is what a gateway echo costs beyond the gateway's own request handling: the call pipeline, the gateway's "
            + "MCP client to the backend, the hop, and the backend's whole work. \"Forwarding − direct echo\" is roughly what that path "
            + "costs beyond an external client's direct call, i.e. the pipeline plus the difference between the gateway's backend client and this load generator's bare `HttpClient`.");
        md.AppendLine();
    }

    /// <summary>
    /// Why the run counts as disturbed, if it does. The CPU that other processes used during the measured phases is the
    /// direct evidence; the load average (which lags by minutes) is used only when /proc gave no CPU figures.
    /// </summary>
    private static string? Busy(RunInfo run, List<double> others)
    {
        var cores = Environment.ProcessorCount;
        if (others.Count > 0)
        {
            var reasons = new List<string>();
            if (Median(others) >= 0.15 * cores)
            {
                reasons.Add($"other processes used a median {Cores(Median(others))} of {cores} cores during the measured phases");
            }

            var disturbed = others.Count(o => o >= 0.25 * cores);
            if (disturbed > 0 && reasons.Count == 0)
            {
                reasons.Add($"in {disturbed} of {others.Count} measured phases other processes used ≥ {Cores(0.25 * cores)} cores");
            }

            return reasons.Count > 0 ? string.Join("; ", reasons) : null;
        }

        return run.LoadBefore is { } load
            && double.TryParse(load.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var one)
            && one >= 0.5 * cores
                ? $"1-minute load average {one.ToString("0.00", CultureInfo.InvariantCulture)} on {cores} cores before the servers started"
                : null;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms.ToString(ms < 10 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    private static string Rate(double rate) => double.IsNaN(rate) ? "–" : rate.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    /// <summary>CPU time per successful request, in microseconds: cores busy × 10⁶ / requests per second.</summary>
    private static string PerRequest(double cores, double throughput) => (cores * 1e6 / throughput).ToString("0", CultureInfo.InvariantCulture);

    private static string Cores(double cores) => cores.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Secs(TimeSpan t) => t.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";

    private static string Configuration()
    {
#if DEBUG
        return "**Debug** (numbers not meaningful; use -c Release)";
#else
        return "Release";
#endif
    }

    private static string BuiltAt(string dll)
    {
        var path = Path.Combine(AppContext.BaseDirectory, dll);
        return File.Exists(path) ? File.GetLastWriteTimeUtc(path).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "(missing)";
    }

    private static string? CpuModel()
    {
        try
        {
            return File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
