using System.Globalization;
using System.Text;
using McpGateway.Bench.Jobs;
using McpGateway.Core.Audit;
using McpGateway.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace McpGateway.Bench.Audit;

/// <summary>
/// The audit log on PostgreSQL: (a) ingest rate through the product's writer against a raw binary COPY of identical
/// rows, in the same run (goal: at least 0.5×); (b) the latency the audit step adds to a call, the pipeline with and
/// without it, in the same run. Rounds alternate which side goes first; the report takes medians.
/// </summary>
internal sealed class AuditBench(BenchDatabase database, AuditBenchOptions options)
{
    private const double Goal = 0.5;

    public async Task<string> RunAsync()
    {
        var loadBefore = LoadAverage();
        var started = DateTime.UtcNow;
        await using var node = new ServiceCollection().AddPostgresStorage(database.ConnectionString).BuildServiceProvider();
        var store = node.GetRequiredService<IAuditStore>();
        await using var raw = NpgsqlDataSource.Create(database.ConnectionString);
        var spool = Directory.CreateTempSubdirectory("mcpgw-audit-bench-");
        try
        {
            var ingest = new IngestPhases(store, raw, spool.FullName);
            await using var writer = new AuditWriter(store, new Storage.Audit.FileAuditSpool(Path.Combine(spool.FullName, "latency")),
                new AuditOptions { Chain = "latency" }, TimeProvider.System, NullLogger<AuditWriter>.Instance);
            writer.Start();
            var latency = new AuditStepLatency(writer, TimeSpan.FromSeconds(options.Seconds));

            // Warm-up: JIT, pools, plans.
            await ingest.RawCopyAsync("warmup-raw", 2000);
            await ingest.WriterAsync("warmup-writer", 2000);
            await new AuditStepLatency(writer, TimeSpan.FromSeconds(1)).WithAuditAsync(options.Concurrency.Max());

            var rounds = new List<Round>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                Console.Error.WriteLine($"round {round}/{options.Rounds}");
                var rawFirst = round % 2 == 1;
                double rawRate = 0;
                (double PerSecond, int Batches) writerRate = default;
                foreach (var phase in rawFirst ? new[] { "raw", "writer" } : ["writer", "raw"])
                {
                    if (phase == "raw")
                    {
                        rawRate = await ingest.RawCopyAsync($"raw-{round}", options.Records);
                    }
                    else
                    {
                        writerRate = await ingest.WriterAsync($"writer-{round}", options.Records);
                    }
                }

                var steps = new Dictionary<int, (Latencies Without, Latencies With)>();
                foreach (var callers in options.Concurrency)
                {
                    steps[callers] = rawFirst
                        ? (await latency.WithoutAuditAsync(callers), await latency.WithAuditAsync(callers))
                        : Swap(await latency.WithAuditAsync(callers), await latency.WithoutAuditAsync(callers));
                }

                rounds.Add(new Round(rawRate, writerRate.PerSecond, writerRate.Batches, steps));
            }

            return Report(rounds, started, loadBefore, LoadAverage());
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }

    private static (Latencies, Latencies) Swap(Latencies with, Latencies without) => (without, with);

    private string Report(List<Round> rounds, DateTime started, string loadBefore, string loadAfter)
    {
        static string N(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
        var rawRate = Median(rounds.Select(r => r.Raw));
        var writerRate = Median(rounds.Select(r => r.Writer));
        // Each round's two phases run back to back: their ratio is steadier than the rates on a machine whose load swings.
        var ratio = Median(rounds.Select(r => r.Writer / r.Raw));
        var text = new StringBuilder();
        text.AppendLine("# Audit log on PostgreSQL: ingest rate and the latency of the audit step").AppendLine();
        text.AppendLine($"Database: {database.Description}. {Environment.ProcessorCount} cores. Run {started:yyyy-MM-dd HH:mm} UTC. " +
            $"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}. {options.Rounds} rounds, medians.").AppendLine();
        text.AppendLine($"## Ingest: {options.Records} records per phase").AppendLine();
        text.AppendLine("| raw binary COPY (records/s) | audit writer (records/s) | writer / raw (median of the rounds' ratios) | goal |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine($"| {N(rawRate)} | {N(writerRate)} | {N(ratio, "0.00")}× | ≥ {N(Goal, "0.0")}× {(ratio >= Goal ? "met" : "NOT met")} |").AppendLine();
        text.AppendLine("Per round (records/s): raw / writer, ratio (writer transactions)").AppendLine();
        foreach (var (round, i) in rounds.Select((r, i) => (r, i + 1)))
        {
            text.AppendLine($"- round {i}: {N(round.Raw)} / {N(round.Writer)}, {N(round.Writer / round.Raw, "0.00")}× ({round.Batches} transactions)");
        }

        text.AppendLine().AppendLine("## Latency the audit step adds to a call (ms)").AppendLine();
        text.AppendLine("| callers | without audit p50 / p99 | with audit p50 / p90 / p99 | added at p50 | added at p99 | calls/s with audit |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var callers in options.Concurrency)
        {
            var without = rounds.Select(r => r.Steps[callers].Without).ToList();
            var with = rounds.Select(r => r.Steps[callers].With).ToList();
            double M(IEnumerable<Latencies> phases, Func<Latencies, double> pick) => Median(phases.Select(pick));
            text.AppendLine($"| {callers} | {N(M(without, l => l.P50), "0.000")} / {N(M(without, l => l.P99), "0.000")} " +
                $"| {N(M(with, l => l.P50), "0.000")} / {N(M(with, l => l.P90), "0.000")} / {N(M(with, l => l.P99), "0.000")} " +
                $"| {N(M(with, l => l.P50) - M(without, l => l.P50), "0.000")} | {N(M(with, l => l.P99) - M(without, l => l.P99), "0.000")} | {N(M(with, l => l.PerSecond))} |");
        }

        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private sealed record Round(double Raw, double Writer, int Batches, Dictionary<int, (Latencies Without, Latencies With)> Steps);
}
