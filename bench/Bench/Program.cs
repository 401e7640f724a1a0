using System.Diagnostics;
using System.Globalization;
using System.Net;
using McpGateway.Bench;
using McpGateway.Tests.Common;

// Echo latency/throughput, direct to the Hello server vs through the gateway; `cluster`: 1-3 nodes and the hop. See bench/README.md.
if (args.Length > 0 && args[0] == "cluster")
{
    return await McpGateway.Bench.Cluster.ClusterBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "hop")
{
    return await McpGateway.Bench.Hop.HopBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "grpc")
{
    return await McpGateway.Bench.Grpc.GrpcBench.RunAsync(args[1..]);
}

// Hidden mode: the echo benchmark's bare relay process (BenchHosts starts it).
if (args.Length > 0 && args[0] == BareRelay.Mode)
{
    return await BareRelay.RunAsync(args[1..]);
}

if (args.Contains("-h") || args.Contains("--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

var (options, error) = BenchOptions.Parse(args, Path.Combine(RepoPaths.Root, "bench", "results", "echo-latency.md"));
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var loadBefore = LoadAverage();
var commit = Git("rev-parse", "--short", "HEAD");
var dirtySource = DirtySource();
#if DEBUG
Log("warning: this is a Debug build; use dotnet run -c Release for numbers worth reading");
#endif

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = Math.Max(16, options.Concurrency.Max()),
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    UseProxy = false,
    UseCookies = false,
    AutomaticDecompression = DecompressionMethods.None,
    ConnectTimeout = TimeSpan.FromSeconds(10),
};
using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };

Log($"starting Hello, the gateway{(options.Breakdown ? " and the bare relay" : "")} from {AppContext.BaseDirectory}");
await using var hosts = await BenchHosts.StartAsync(http, options.GatewayEnvironment, withRelay: options.Breakdown);
Log($"Hello at {hosts.HelloMcp}, gateway at {hosts.GatewayMcp} (pids {hosts.Hello.Id}, {hosts.Gateway.Id})"
    + (hosts.Relay is { } relayProcess ? $", bare relay at {hosts.RelayMcp} (pid {relayProcess.Id})" : ""));

var direct = EchoTarget.ToolCall("direct", hosts.HelloMcp, "echo", options.Message);
var gateway = EchoTarget.ToolCall("gateway", hosts.GatewayMcp, "hello.echo", options.Message);
EchoTarget[] targets = hosts.RelayMcp is { } relayMcp
    ? [direct, gateway, EchoTarget.ToolCall("relay", relayMcp, "echo", options.Message), EchoTarget.List("direct-list", hosts.HelloMcp), EchoTarget.List("gateway-list", hosts.GatewayMcp)]
    : [direct, gateway];
var cpu = CpuMeter.Available ? new CpuMeter(hosts.Hello.Id, hosts.Gateway.Id, hosts.Relay?.Id) : null;

// One call each first, so that a broken setup fails loudly instead of producing a table of errors.
foreach (var target in targets)
{
    var probe = await LoadRunner.RunAsync(http, target, 1, 1, TimeSpan.FromSeconds(30), 0, null, cts.Token);
    if (probe.Errors > 0)
    {
        Console.Error.WriteLine($"{target.Label} ({target.Endpoint}, {target.Method} {target.ToolName}) fails: {string.Join("; ", probe.ErrorSamples)}");
        Console.Error.WriteLine("Hello output:\n" + File.ReadAllText(hosts.HelloLog));
        Console.Error.WriteLine("Gateway output:\n" + File.ReadAllText(hosts.GatewayLog));
        if (hosts.Relay is not null)
        {
            Console.Error.WriteLine("Bare relay output:\n" + File.ReadAllText(hosts.RelayLog));
        }

        return 1;
    }
}

if (options.InitialWarmupTime > TimeSpan.Zero)
{
    Log($"initial warm-up: {options.InitialWarmupTime.TotalSeconds:0.#} s per phase");
    foreach (var c in options.Concurrency)
    {
        foreach (var target in targets)
        {
            await LoadRunner.RunAsync(http, target, c, int.MaxValue, options.InitialWarmupTime, 0, null, cts.Token);
        }
    }
}

var phases = new List<PhaseResult>();
for (var round = 1; round <= options.Rounds && !cts.IsCancellationRequested; round++)
{
    foreach (var c in options.Concurrency)
    {
        foreach (var target in targets)
        {
            if (cts.IsCancellationRequested)
            {
                break;
            }

            if (options.WarmupRequests > 0 && options.WarmupTime > TimeSpan.Zero)
            {
                await LoadRunner.RunAsync(http, target, c, options.WarmupRequests, options.WarmupTime, round, null, cts.Token);
            }

            var result = await LoadRunner.RunAsync(http, target, c, options.MeasuredRequests, options.MeasuredTime, round, cpu, cts.Token);
            phases.Add(result);
            var cpuText = result.Cpu is { } share
                ? string.Create(CultureInfo.InvariantCulture, $"  cpu gen/hello/gw/relay/others {share.LoadGenerator:0.00}/{share.Hello:0.00}/{share.Gateway:0.00}/{share.Relay:0.00}/{share.Others:0.00}")
                : "";
            Log(string.Create(CultureInfo.InvariantCulture,
                $"round {round}/{options.Rounds} {target.Label,-12} c={c,-3} {result.Completed,7:N0} req {result.Errors} err  p50 {result.Latency.P50:0.000} ms  p99 {result.Latency.P99:0.000} ms  {result.Throughput,8:N0} req/s{cpuText}"));
            foreach (var sample in result.ErrorSamples)
            {
                Log("  error: " + sample);
            }
        }
    }
}

if (cts.IsCancellationRequested)
{
    Log("interrupted; no report");
    return 130;
}

var run = new RunInfo(
    startedAt,
    clock.Elapsed,
    loadBefore,
    LoadAverage(),
    commit,
    dirtySource,
    options,
    LogSummary.Read(hosts.HelloLog),
    LogSummary.Read(hosts.GatewayLog),
    hosts.Relay is null ? null : LogSummary.Read(hosts.RelayLog));
var markdown = Report.Render(run, phases);
Console.WriteLine(markdown);

if (options.OutputFile is { } output)
{
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    await File.WriteAllTextAsync(output, markdown);
    Log($"report written to {output}");
}

return phases.Any(p => p.Errors > 0) ? 1 : 0;

static void Log(string line) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {line}");

static string? LoadAverage()
{
    try
    {
        return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
    }
    catch (IOException)
    {
        return null;
    }
}

// Which of the gateway's source folders had uncommitted changes (other engineers may be editing them during the run).
static string? DirtySource()
{
    var status = Git("status", "--porcelain", "--", "src");
    if (status is null)
    {
        return null;
    }

    var folders = status.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Length > 3 ? l[3..].Trim() : l)
        .Select(p => string.Join('/', p.Split('/').Take(2)))
        .Distinct()
        .Order()
        .ToList();
    return folders.Count == 0 ? null : string.Join(", ", folders.Select(f => $"`{f}`"));
}

static string? Git(params string[] arguments)
{
    try
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var text = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? text.TrimEnd() : null;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null;
    }
}
