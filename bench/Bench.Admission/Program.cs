using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Steps;
using McpGateway.Core.Traffic;
using McpGateway.Grains;
using McpGateway.Grains.Traffic;
using McpGateway.Silo.Admission;
using McpGateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

// The admit step's cost per call (see bench/README.md): the pipeline's AdmitStep with the user quota and the tool guard
// (bucket, concurrency cap, breaker) on the node-local admission cache over the traffic grains, against an AdmitStep
// without gates, and the grain calls per call: one silo (the embedded engine) and three silos of one cluster (an engine
// per silo, the callers spread over them). The limits are far above the offered load, so every call is admitted (the
// steady state).
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var output = args.Length > 1 ? args[1] : Path.Combine(RepoPaths.Root, "bench", "results", "admission.md");

var tools = new ToolsConfig
{
    Backends =
    [
        new BackendConfig
        {
            Name = "hello",
            Transport = BackendTransport.StreamableHttp,
            Url = new Uri("http://127.0.0.1:9/mcp"),
            Tools = new Dictionary<string, ToolSettings> { ["echo"] = new() { RateLimitPerMinute = 1_000_000_000, MaxConcurrency = 1000 } },
        },
    ],
    SourcePath = "bench",
    ContentDigest = "",
};
var defaults = new AdmissionDefaults { UserPerMinute = 1_000_000_000 };
var target = new CatalogueItem(CatalogueKind.Tool, "hello.echo", "hello", "hello", "echo", new JsonObject());
var success = CallResult.Success(new JsonObject());

var rows = new List<string>();
rows.Add(await MeasureAsync("no gates (baseline)", []));
foreach (var silos in new short[] { 1, 3 })
{
    Console.Error.WriteLine($"starting an in-process cluster of {silos} silo(s)");
    var builder = new InProcessTestClusterBuilder(silos);
    builder.Options.ConfigureFileLogging = false;
    builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage(GrainStorage.Name).Services.AddKeyedSingleton(GrainTime.Key, TimeProvider.System));
    await using var cluster = builder.Build();
    await cluster.DeployAsync();
    var engines = cluster.Silos
        .Select(s => new OrleansAdmissionEngine(s.ServiceProvider.GetRequiredService<IGrainFactory>(), TimeProvider.System, new OrleansAdmissionOptions(), NullLogger.Instance))
        .ToList();
    rows.Add(await MeasureAsync(silos == 1 ? "orleans, one silo (embedded)" : "orleans, three silos", engines));
    foreach (var engine in engines)
    {
        await engine.DisposeAsync();
    }

    await cluster.StopAllSilosAsync();
}

var report = new StringBuilder()
    .AppendLine("# Admit step: latency and grain calls per call")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/Bench.Admission -- {seconds}`; {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; in-process Orleans silos (TestingHost, memory grain storage); load average at the end {LoadAverage()}.")
    .AppendLine("Each row: the pipeline's `AdmitStep` for one `tools/call` (user quota, then the tool guard: breaker, bucket, concurrency slot; released")
    .AppendLine("when the call ends), the rest of the pipeline replaced by an immediate success. Closed loop, one caller, then 8 at once,")
    .AppendLine(CultureInfo.InvariantCulture, $"{seconds:0.#} s each after 2 s of warm-up; limits far above the load, so all calls are admitted (steady state).")
    .AppendLine()
    .AppendLine("| engine | callers | calls | p50 µs | p99 µs | mean µs | grain calls | grain calls per call |")
    .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    report.Append(row);
}

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine(report);
return 0;

async Task<string> MeasureAsync(string label, IReadOnlyList<IAdmissionEngine> engines)
{
    // One admit step per node (engine); a lone baseline step without gates.
    var steps = engines.Count == 0
        ? [new AdmitStep([])]
        : engines.Select(engine => new AdmitStep(new McpGateway.Core.Pipeline.Ports.IAdmissionGate[]
        {
            new UserQuotaGate(() => QuotaConfig.Default, defaults, engine),
            new ToolGuardGate(new ToolsConfigSource(tools), defaults, engine, TimeProvider.System),
        })).ToList();
    var text = new StringBuilder();
    foreach (var callers in new[] { 1, 8 })
    {
        await RunAsync(steps, callers, TimeSpan.FromSeconds(2));
        var before = engines.Sum(e => e.AuthorityCalls);
        var (latencies, calls) = await RunAsync(steps, callers, TimeSpan.FromSeconds(seconds));
        var statements = engines.Sum(e => e.AuthorityCalls) - before;
        latencies.Sort();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {label} | {callers} | {calls} | {Micros(latencies[latencies.Count / 2])} | {Micros(latencies[(int)(latencies.Count * 0.99)])} | {Micros((long)latencies.Average())} | {statements} | {(double)statements / calls:0.#####} |");
        Console.Error.WriteLine($"{label}, {callers} callers: {calls} calls, {statements} grain calls");
    }

    return text.ToString();
}

async Task<(List<long> Latencies, long Calls)> RunAsync(IReadOnlyList<AdmitStep> steps, int callers, TimeSpan duration)
{
    var clock = Stopwatch.StartNew();
    var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
    {
        var step = steps[c % steps.Count];
        var latencies = new List<long>(1 << 16);
        var caller = new CallerIdentity($"user{c}", ["admin"], null, [], false);
        while (clock.Elapsed < duration)
        {
            var context = new CallContext
            {
                RequestId = "r",
                CorrelationId = "c",
                Caller = caller,
                Endpoint = "bench",
                Kind = CallKind.ToolCall,
                Name = "hello.echo",
                Params = new JsonObject(),
                StartedAt = DateTimeOffset.UtcNow,
                Target = target,
            };
            var started = Stopwatch.GetTimestamp();
            var result = await step.InvokeAsync(context, _ => ValueTask.FromResult(success));
            latencies.Add(Stopwatch.GetTimestamp() - started);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"refused: {result.Error!.Message}");
            }
        }

        return latencies;
    })));
    var all = perCaller.SelectMany(l => l).ToList();
    return (all, all.Count);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string Micros(long ticks) => (ticks * 1_000_000.0 / Stopwatch.Frequency).ToString("0.0", CultureInfo.InvariantCulture);
