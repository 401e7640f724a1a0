using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace McpGateway.Bench.Jobs;

/// <summary>
/// Jobs on the PostgreSQL engine: submit and poll throughput of the job store against raw statements that write and
/// read the same rows, in the same run; and submit-to-start latency, from a submit on one node to the claim by an idle
/// worker of another node woken by <c>LISTEN/NOTIFY</c>.
/// </summary>
internal sealed partial class JobBench(BenchDatabase database, JobBenchOptions options)
{
    private static readonly JobLimits Unlimited = new(int.MaxValue, int.MaxValue);

    private string _loadBefore = "";

    public async Task<string> RunAsync()
    {
        _loadBefore = LoadAverage();
        await using var submitNode = Node();
        await using var workerNode = Node();
        var store = submitNode.GetRequiredService<IJobStore>();
        await using var raw = NpgsqlDataSource.Create(database.ConnectionString);

        // Warm-up: JIT, pools, plans.
        await SubmitPhaseAsync(store, Math.Min(500, options.Jobs));
        await RawInsertPhaseAsync(raw, Math.Min(500, options.Jobs));

        var rounds = new List<Round>();
        for (var round = 0; round < options.Rounds; round++)
        {
            await ClearAsync(raw);
            // Alternate which goes first, so neither always meets the larger table.
            var order = round % 2 == 0 ? new[] { 0, 1, 2 } : [2, 1, 0];
            var rates = new double[3];
            foreach (var phase in order)
            {
                rates[phase] = phase switch
                {
                    0 => await RawInsertPhaseAsync(raw, options.Jobs),
                    1 => await PhaseAsync(options.Jobs, i => RawInsertBatchedAsync(raw, NewJob(i))),
                    _ => await SubmitPhaseAsync(store, options.Jobs),
                };
            }

            var (rawInsert, rawBatched, submit) = (rates[0], rates[1], rates[2]);
            var ids = await IdsAsync(raw);
            var (rawPoll, poll) = round % 2 == 0
                ? (await PhaseAsync(options.Jobs, i => RawGetAsync(raw, ids[i % ids.Count])), await PhaseAsync(options.Jobs, async i => { await store.GetAsync(ids[i % ids.Count], default); }))
                : Swap(await PhaseAsync(options.Jobs, async i => { await store.GetAsync(ids[i % ids.Count], default); }), await PhaseAsync(options.Jobs, i => RawGetAsync(raw, ids[i % ids.Count])));
            rounds.Add(new Round(rawInsert, rawBatched, submit, rawPoll, poll));
        }

        await ClearAsync(raw);
        // Submit-to-start went through LISTEN/NOTIFY and row claims, both gone (issue 17): a job now starts in process on
        // its grain's silo; measuring that needs a silo, which this bench does not host yet.
        return Report(rounds, []);
    }

    private static (double, double) Swap(double first, double second) => (second, first);

    private ServiceProvider Node() => new ServiceCollection().AddPostgresStorage(database.ConnectionString).BuildServiceProvider();

    private Task<double> SubmitPhaseAsync(IJobStore store, int count) => PhaseAsync(count, async i =>
    {
        var job = NewJob(i);
        await store.SubmitAsync(job, Accepted(job), Unlimited, default);
    });

    private Task<double> RawInsertPhaseAsync(NpgsqlDataSource raw, int count) => PhaseAsync(count, i => RawInsertAsync(raw, NewJob(i)));

    /// <summary>Runs <paramref name="count"/> operations on <see cref="JobBenchOptions.Concurrency"/> workers; returns operations per second.</summary>
    private async Task<double> PhaseAsync(int count, Func<int, Task> operation)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i);
            }
        })));
        return count / clock.Elapsed.TotalSeconds;
    }

    private static Job NewJob(int i)
    {
        var now = DateTimeOffset.UtcNow;
        return new Job
        {
            Id = JobId.New(),
            OwnerId = "user" + (i % 100).ToString(CultureInfo.InvariantCulture),
            Tenant = "bench",
            Roles = ["developer"],
            Tool = "reports.build",
            Params = new JsonObject { ["name"] = "reports.build", ["arguments"] = new JsonObject { ["report"] = "sales", ["year"] = 2026 } },
            Origin = JobOrigin.Rest,
            MaxAttempts = 3,
            NotBefore = now,
            CreatedAt = now,
            UpdatedAt = now,
            Retention = TimeSpan.FromHours(24),
            RequestId = "req-" + i.ToString(CultureInfo.InvariantCulture),
            CorrelationId = "corr-" + i.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static JobEvent Accepted(Job job) => new(job.Id, job.CreatedAt, "accepted", null, new JsonObject
    {
        ["user_id"] = job.OwnerId, ["tenant"] = job.Tenant, ["roles"] = new JsonArray("developer"), ["tool"] = job.Tool, ["backend"] = "reports",
        ["endpoint"] = "rest", ["origin"] = "rest", ["request_id"] = job.RequestId, ["correlation_id"] = job.CorrelationId,
        ["decision"] = "allow", ["rule"] = "roles.developer.tools:reports.*", ["policy_version"] = "abc123",
    });

    private static async Task ClearAsync(NpgsqlDataSource raw)
    {
        foreach (var sql in new[] { "DELETE FROM jobs", "VACUUM ANALYZE jobs" })
        {
            await using var command = raw.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> IdsAsync(NpgsqlDataSource raw)
    {
        await using var command = raw.CreateCommand("SELECT id FROM jobs");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Median(IEnumerable<double> values) => Format(Percentile(values.ToList(), 0.5));

    private static double Percentile(List<double> values, double p)
    {
        values.Sort();
        return values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
    }

    private static string Format(double value) => value.ToString(value >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);

    private string Report(List<Round> rounds, List<double> latencies)
    {
        // Each round's phases run back to back, so their ratio shares the machine's load of the moment; the median of
        // the rounds' ratios is reported (the load of a shared machine swings more between rounds than within one).
        var submitRatio = Percentile(rounds.Select(r => r.Submit / r.RawInsert).ToList(), 0.5);
        var batchedRatio = Percentile(rounds.Select(r => r.Submit / r.RawBatched).ToList(), 0.5);
        var pollRatio = Percentile(rounds.Select(r => r.Poll / r.RawPoll).ToList(), 0.5);
        var text = new StringBuilder();
        text.AppendLine("# Jobs on PostgreSQL: submit and poll throughput, submit-to-start latency");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Database: {database.Description}. {options.Jobs} operations per phase, {options.Concurrency} concurrent clients, {options.Rounds} rounds (medians; store / raw is the median of the rounds' ratios); {Environment.ProcessorCount} cores; load average (1, 5, 15 min) {_loadBefore} before the run, {LoadAverage()} after. Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();
        text.AppendLine("| | raw statements (ops/s) | job store (ops/s) | store / raw | goal |");
        text.AppendLine("|---|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| submit vs raw insert (job row + acceptance event in one transaction: BEGIN, 2 INSERTs, COMMIT = 3 round trips) | {Median(rounds.Select(r => r.RawInsert))} | {Median(rounds.Select(r => r.Submit))} | {submitRatio:0.00}× | ≥ 0.70× {(submitRatio >= 0.7 ? "met" : "NOT met")} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| submit vs raw insert in one round trip (the same 2 INSERTs as one batch) | {Median(rounds.Select(r => r.RawBatched))} | {Median(rounds.Select(r => r.Submit))} | {batchedRatio:0.00}× | ≥ 0.70× {(batchedRatio >= 0.7 ? "met" : "NOT met")} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| poll (one job by id) | {Median(rounds.Select(r => r.RawPoll))} | {Median(rounds.Select(r => r.Poll))} | {pollRatio:0.00}× | ≥ 0.70× {(pollRatio >= 0.7 ? "met" : "NOT met")} |");
        text.AppendLine();
        text.AppendLine("The job store's submit is one round trip: the owner's advisory lock, then one statement that counts the owner's jobs, inserts the job and its acceptance event when the caps allow, as one implicit transaction; both statements are prepared. The NOTIFY that wakes the workers follows outside the transaction (not counted here).");
        text.AppendLine();
        text.AppendLine("Per round (ops/s): raw insert / raw insert, one round trip / submit / raw poll / poll");
        text.AppendLine();
        foreach (var (round, i) in rounds.Select((r, i) => (r, i)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- round {i + 1}: {Format(round.RawInsert)} / {Format(round.RawBatched)} / {Format(round.Submit)} / {Format(round.RawPoll)} / {Format(round.Poll)} (submit / raw {round.Submit / round.RawInsert:0.00}×)");
        }

        text.AppendLine();
        if (latencies.Count == 0)
        {
            text.AppendLine("Submit-to-start latency: not measured (jobs start in process on their grain's silo; this bench hosts no silo).");
            return text.ToString();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Submit-to-start latency ({latencies.Count} jobs, one at a time), ms:");
        text.AppendLine();
        text.AppendLine("| p50 | p90 | p99 | max |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| {Format(Percentile(latencies, 0.5))} | {Format(Percentile(latencies, 0.9))} | {Format(Percentile(latencies, 0.99))} | {Format(latencies.Max())} |");
        return text.ToString();
    }

    private sealed record Round(double RawInsert, double RawBatched, double Submit, double RawPoll, double Poll);
}
