using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using Npgsql;

namespace McpGateway.Bench.Jobs;

/// <summary>
/// Jobs on the PostgreSQL engine, through the real submit path: a gateway node hosted in this process
/// (<see cref="JobNode"/>) and its job grains. Submit throughput against raw INSERTs of the rows a submit leaves
/// (<see cref="RawStatements"/>), phases back to back in each round; then submit-to-start latency, from the submit to
/// the job grain's change to <c>running</c> (its runner began the attempt). See bench/README.md.
/// </summary>
internal sealed class JobBench(BenchDatabase database, JobBenchOptions options)
{
    private static readonly string[] PhaseNames = ["raw, 3 round trips", "raw, 1 batch", "grain submit"];

    private readonly PhaseMeter _meter = new();
    private string _loadBefore = "";

    public async Task<string> RunAsync()
    {
        _loadBefore = LoadAverage();
        Console.Error.WriteLine("starting the node (PostgreSQL engine, silo, Hello over stdio)");
        await using var node = await JobNode.StartAsync(database.Url);
        await using var raw = NpgsqlDataSource.Create(database.ConnectionString);

        // Warm-up (JIT, pools, plans, grain activation paths): a whole unrecorded round of every phase, since the rates
        // of rounds after a shorter one still rose from round to round while the JIT tiered the paths up; its first job
        // shows how the silo keys the rows.
        Console.Error.WriteLine("warm-up");
        var first = NewJob(node, 0, deferred: true);
        await SubmitAsync(node, first);
        var template = await RawTemplate.ReadAsync(raw, first.Id);
        var statements = new RawStatements(raw, template);
        await PhaseAsync(options.Jobs, i => SubmitAsync(node, NewJob(node, i, deferred: true)));
        await PhaseAsync(options.Jobs, i => RawAsync(statements, node, i, batched: false));
        await PhaseAsync(options.Jobs, i => RawAsync(statements, node, i, batched: true));
        await SubmitRunningAsync(node, Math.Min(500, options.Jobs));

        if (options.SubmitOnly)
        {
            Console.Error.WriteLine($"submit only: process {Environment.ProcessId}");
            var rates = new List<string>();
            for (var round = 0; round < options.Rounds; round++)
            {
                var cost = await PhaseAsync(options.Jobs, i => SubmitAsync(node, NewJob(node, i, deferred: true)));
                rates.Add($"{Format(cost.Rate)} submits/s, {Format(cost.DbOperations)} PostgreSQL operations and {Format(cost.CpuMicroseconds)} CPU µs per submit");
                Console.Error.WriteLine(rates[^1]);
            }

            await ClearAsync(raw);
            return string.Join(Environment.NewLine, rates);
        }

        var rounds = new List<Round>();
        for (var round = 0; round < options.Rounds; round++)
        {
            await ClearAsync(raw);

            // Alternate which goes first, so that neither always meets the larger tables.
            var order = round % 2 == 0 ? new[] { 0, 1, 2 } : [2, 1, 0];
            var rates = new Cost[3];
            foreach (var phase in order)
            {
                Console.Error.WriteLine($"round {round + 1}: {PhaseNames[phase]}");
                rates[phase] = phase switch
                {
                    0 => await PhaseAsync(options.Jobs, i => RawAsync(statements, node, i, batched: false)),
                    1 => await PhaseAsync(options.Jobs, i => RawAsync(statements, node, i, batched: true)),
                    _ => await PhaseAsync(options.Jobs, i => SubmitAsync(node, NewJob(node, i, deferred: true))),
                };
            }

            Console.Error.WriteLine($"round {round + 1}: grain submit, jobs running");
            var (submitted, completed) = await SubmitRunningAsync(node, options.Jobs);
            rounds.Add(new Round(rates[0], rates[1], rates[2], submitted, completed));
        }

        // One at a time: the latency of each side, i.e. its round trips in sequence, without queueing.
        await ClearAsync(raw);
        Console.Error.WriteLine("one at a time");
        var sequential = new List<(string Name, Cost Cost, List<double> Latencies)>();
        foreach (var (name, operation) in new (string, Func<int, Task>)[]
        {
            (PhaseNames[0], i => RawAsync(statements, node, i, batched: false)),
            (PhaseNames[1], i => RawAsync(statements, node, i, batched: true)),
            (PhaseNames[2], i => SubmitAsync(node, NewJob(node, i, deferred: true))),
        })
        {
            var latencies = new List<double>();
            sequential.Add((name, await PhaseAsync(Math.Max(options.LatencySamples, 100), operation, 1, latencies), latencies));
        }

        Console.Error.WriteLine("the submit's statements alone");
        var settings = node.JobSettings;
        var stages = await new StageProbe(template, node.ReadModel).RunAsync(
            Math.Max(options.LatencySamples, 100), i => NewJob(node, i, deferred: true), Acceptance, new JobLimits(settings.MaxActivePerUser, settings.MaxStoredPerUser));

        await ClearAsync(raw);
        Console.Error.WriteLine("submit-to-start");
        var latency = await SubmitToStartAsync(node, raw, options.LatencySamples);
        await ClearAsync(raw);
        return Report(rounds, sequential, stages, latency);
    }

    private async Task RawAsync(RawStatements statements, JobNode node, int i, bool batched)
    {
        var job = NewJob(node, i, deferred: true);
        var acceptance = Acceptance(job);
        await (batched ? statements.InsertBatchedAsync(job, acceptance) : statements.InsertAsync(job, acceptance));
    }

    /// <summary>What the pipeline's job step does once the call is admitted: the job and its acceptance to the job's grain, with the owner's caps.</summary>
    private static async Task SubmitAsync(JobNode node, Job job)
    {
        var settings = node.JobSettings;
        var outcome = await node.Grains.SubmitAsync(job, Acceptance(job), new JobLimits(settings.MaxActivePerUser, settings.MaxStoredPerUser), CancellationToken.None);
        if (outcome != JobSubmitOutcome.Accepted)
        {
            throw new InvalidOperationException($"Job {job.Id} was refused: {outcome}");
        }
    }

    /// <summary>
    /// Submits <paramref name="count"/> jobs that start at once (each calls <c>hello.echo</c> through the node's
    /// runners while the others are submitted); returns submits per second and jobs finished per second (from the
    /// first submit to the last job's end).
    /// </summary>
    private async Task<(Cost Submitted, double Completed)> SubmitRunningAsync(JobNode node, int count)
    {
        var ids = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var remaining = count;
        var failed = new ConcurrentQueue<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(Job job)
        {
            if (job.Status.IsTerminal() && ids.TryRemove(job.Id, out _))
            {
                if (job.Status != JobStatus.Succeeded)
                {
                    failed.Enqueue($"{job.Id} {job.Status.Name()} {job.StatusMessage}");
                }

                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    done.TrySetResult();
                }
            }
        }

        node.Changes.Changed += OnChanged;
        try
        {
            var clock = Stopwatch.StartNew();
            var submitted = await PhaseAsync(count, async i =>
            {
                var job = NewJob(node, i, deferred: false);
                ids[job.Id] = 0;
                await SubmitAsync(node, job);
            });
            await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
            var completed = count / clock.Elapsed.TotalSeconds;
            return failed.IsEmpty ? (submitted, completed) : throw new InvalidOperationException($"{failed.Count} jobs did not succeed, e.g. {failed.First()}");
        }
        finally
        {
            node.Changes.Changed -= OnChanged;
        }
    }

    /// <summary>
    /// One job at a time: from just before the submit to the grain's change to <c>running</c> (its attempt began on the
    /// node's runner: the job's row says running), then waits for the job to end before the next.
    /// The read model's <c>started_at − created_at</c> (the grain's clock) is read back as a check.
    /// </summary>
    private static async Task<Latency> SubmitToStartAsync(JobNode node, NpgsqlDataSource raw, int samples)
    {
        var submitReturned = new List<double>();
        var started = new List<double>();
        var ids = new List<string>();
        for (var i = 0; i < samples + 20; i++)
        {
            var job = NewJob(node, i, deferred: false);
            var running = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged(Job changed)
            {
                if (changed.Id != job.Id)
                {
                    return;
                }

                if (changed.Status == JobStatus.Running)
                {
                    running.TrySetResult(Stopwatch.GetTimestamp());
                }
                else if (changed.Status.IsTerminal())
                {
                    finished.TrySetResult();
                }
            }

            node.Changes.Changed += OnChanged;
            try
            {
                var start = Stopwatch.GetTimestamp();
                await SubmitAsync(node, job);
                var returned = Stopwatch.GetTimestamp();
                var began = await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
                await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));

                // The first 20 are a warm-up of this phase's path (one job at a time, the runner idle).
                if (i >= 20)
                {
                    submitReturned.Add(Stopwatch.GetElapsedTime(start, returned).TotalMilliseconds);
                    started.Add(Stopwatch.GetElapsedTime(start, began).TotalMilliseconds);
                    ids.Add(job.Id);
                }
            }
            finally
            {
                node.Changes.Changed -= OnChanged;
            }

            await Task.Delay(10);
        }

        await using var command = raw.CreateCommand("SELECT EXTRACT(EPOCH FROM (started_at - created_at)) * 1000 FROM jobs WHERE id = ANY(@ids) AND started_at IS NOT NULL");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var readModel = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            readModel.Add((double)reader.GetDecimal(0));
        }

        return new Latency(submitReturned, started, readModel);
    }

    /// <summary>Runs <paramref name="count"/> operations on <paramref name="concurrency"/> workers (default: the options'); returns what they cost.</summary>
    private async Task<Cost> PhaseAsync(int count, Func<int, Task> operation, int? concurrency = null, List<double>? latencies = null)
    {
        var next = -1;
        var start = _meter.Now();
        await Task.WhenAll(Enumerable.Range(0, concurrency ?? options.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var began = Stopwatch.GetTimestamp();
                await operation(i);
                if (latencies is not null)
                {
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                    }
                }
            }
        })));
        return _meter.Since(start, count);
    }

    /// <summary>
    /// A job as the pipeline's job step builds it for a REST submit of <c>hello.echo</c> by one of 100 users. A
    /// <paramref name="deferred"/> job starts in a day (the grain sets a timer instead of handing it to a runner), so
    /// a throughput phase measures the submits alone, as the raw side writes rows alone.
    /// </summary>
    private static Job NewJob(JobNode node, int i, bool deferred)
    {
        var now = DateTimeOffset.UtcNow;
        var settings = node.JobSettings;
        return new Job
        {
            Id = JobId.New(),
            OwnerId = "user" + (i % 100).ToString(CultureInfo.InvariantCulture),
            Tenant = "default",
            Roles = ["admin"],
            Tool = JobNode.Tool,
            Params = new JsonObject { ["name"] = JobNode.Tool, ["arguments"] = new JsonObject { ["message"] = "hello" } },
            Origin = JobOrigin.Rest,
            Idempotent = true,
            MaxAttempts = settings.MaxAttempts,
            NotBefore = deferred ? now.AddDays(1) : now,
            CreatedAt = now,
            UpdatedAt = now,
            Retention = settings.Retention,
            RequestId = "req-" + i.ToString(CultureInfo.InvariantCulture),
            CorrelationId = "corr-" + i.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The audited acceptance the job step writes (who, what, the policy decision; never the arguments).</summary>
    private static JobEvent Acceptance(Job job) => new(job.Id, job.CreatedAt, "accepted", null, new JsonObject
    {
        ["user_id"] = job.OwnerId, ["tenant"] = job.Tenant, ["roles"] = new JsonArray("admin"), ["tool"] = job.Tool, ["backend"] = "hello",
        ["endpoint"] = "rest", ["scope"] = null, ["origin"] = "rest", ["request_id"] = job.RequestId, ["correlation_id"] = job.CorrelationId,
        ["decision"] = "allow", ["rule"] = "roles.admin.tools:*", ["policy_version"] = "abc123",
    });

    /// <summary>Empties the jobs table (the job grains' state) and their reminder rows (job_events is append-only and stays).</summary>
    private static async Task ClearAsync(NpgsqlDataSource raw)
    {
        foreach (var sql in new[]
        {
            "DELETE FROM jobs",
            "DELETE FROM OrleansRemindersTable WHERE remindername = 'check'",
            "VACUUM ANALYZE jobs",
            "VACUUM ANALYZE OrleansRemindersTable",
            "VACUUM ANALYZE job_events",
        })
        {
            await using var command = raw.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static bool Busy(string load) =>
        double.TryParse(load.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var oneMinute) && oneMinute > Environment.ProcessorCount;

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Format(double value) => value.ToString(value >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);

    private string Report(
        List<Round> rounds, List<(string Name, Cost Cost, List<double> Latencies)> sequential, IReadOnlyList<(string Name, List<double> Milliseconds)> stages, Latency latency)
    {
        // Each round's phases run back to back, so their ratio shares the machine's load of the moment; the median of
        // the rounds' ratios is reported (the load of a shared machine swings more between rounds than within one).
        var separate = Percentile(rounds.Select(r => r.Submit.Rate / r.RawSeparate.Rate), 0.5);
        var batched = Percentile(rounds.Select(r => r.Submit.Rate / r.RawBatched.Rate), 0.5);
        var running = Percentile(rounds.Select(r => r.SubmitRunning.Rate / r.RawSeparate.Rate), 0.5);
        string Goal(double ratio) => ratio >= 0.7 ? "met" : "NOT met";
        string Median(Func<Round, double> value) => Format(Percentile(rounds.Select(value), 0.5));
        string Costs(Func<Round, Cost> phase) =>
            $"{Median(r => phase(r).Rate)} | {Median(r => phase(r).DbOperations)} | {Median(r => phase(r).DbMilliseconds)} | {Median(r => phase(r).CpuMicroseconds)}";
        var text = new StringBuilder();
        text.AppendLine("# Jobs on PostgreSQL: submit throughput through the job grains, submit-to-start latency");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project bench/Bench.Jobs -- --jobs {options.Jobs} --concurrency {options.Concurrency} --rounds {options.Rounds} --latency-samples {options.LatencySamples}{(options.Output is null ? "" : " --out " + options.Output)}`.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Database: {database.Description}. One gateway node in the bench's process, built by `GatewayApp.Build` as `mcpgw serve` builds it (DATABASE_URL: silo clustering, grain storage and reminders on PostgreSQL), node settings {string.Join(", ", JobNode.Settings.Select(s => $"`{s.Key}={s.Value}`"))} over the tests' defaults; its one backend is the Hello demo over stdio. {options.Jobs} jobs per phase, {options.Concurrency} concurrent clients, owners spread over 100 users, {options.Rounds} rounds (medians; each ratio is the median of the rounds' ratios). {Environment.ProcessorCount} cores; load average (1, 5, 15 min) {_loadBefore} before the run, {LoadAverage()} after.");
        text.AppendLine();
        if (Busy(_loadBefore) || Busy(LoadAverage()))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"**The machine was shared during this run**: the load average was above its {Environment.ProcessorCount} cores (other engineers' builds and tests competed for them), so rates swing between rounds and latencies carry scheduling delays. Each round's phases run back to back and share the load of the moment: read the ratios, not the absolute figures, and re-run on a quiet machine with the same command.");
            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"**Goal: grain submit ≥ 0.70× the raw insert rate.** Against the 3 separate round trips: **{separate:0.00}× ({Goal(separate)})**; against the one-batch insert: {batched:0.00}× ({Goal(batched)}).");
        text.AppendLine();
        text.AppendLine("| phase | ops/s | PostgreSQL operations per op | their ms per op (summed) | CPU µs per op (this process) |");
        text.AppendLine("|---|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| raw: 3 INSERTs, each its own round trip (autocommit) | {Costs(r => r.RawSeparate)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| raw: the same 3 INSERTs as one batch (one round trip, one implicit transaction) | {Costs(r => r.RawBatched)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| **grain submit** (`IJobGrains.SubmitAsync`, start deferred) | {Costs(r => r.Submit)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| grain submit while the submitted jobs run (start at once): {running:0.00}× the 3-round-trip raw rate, not the goal's figure | {Costs(r => r.SubmitRunning)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| … jobs finished per second in that phase (first submit to last job's end) | {Median(r => r.Completed)} | | | |");
        text.AppendLine();
        text.AppendLine("What each side does per job:");
        text.AppendLine();
        text.AppendLine("- **Raw**: the rows a submit leaves, written by plain INSERTs from a pooled Npgsql connection, nothing else: the");
        text.AppendLine("  job's row in `jobs` (the job grain's state and the read model at once) and its `accepted` event in `job_events`,");
        text.AppendLine("  and its `check` reminder in `OrleansRemindersTable` (the key shape the silo writes). No caps, no lock, no grain,");
        text.AppendLine("  no serialization beyond the parameters.");
        text.AppendLine("- **Grain submit**: what the pipeline's `JobStep` does after authorize/admit/validate: `IJobGrains.SubmitAsync` →");
        text.AppendLine("  the job's grain (`JobGrain.Submit`) is activated on the node's silo (it reads nothing: a new job has no row),");
        text.AppendLine("  stores the job's row with its acceptance event and its reminder's row (one batch: the owner's advisory lock,");
        text.AppendLine("  then one statement that checks the id is new, counts the caps and inserts the three rows)");
        text.AppendLine("  and hands the job to a runner (deferred here: a grain timer). The job is serialized to JSON for the grain call.");
        text.AppendLine("- *While the jobs run*: the same submits with the start at once: every job also runs `hello.echo` on the node's");
        text.AppendLine("  runners (begin attempt, dispatch, finish: three row writes, a reminder update each) while the next ones are");
        text.AppendLine("  submitted, on the same cores and database.");
        text.AppendLine();
        text.AppendLine("PostgreSQL operations are Npgsql's `db.client.operation.duration` measurements in this process (a command or a");
        text.AppendLine("batch each; background work of the node during the phase, such as membership heartbeats, is included); their");
        text.AppendLine("summed milliseconds are the time the phase's operations spent waiting for the database, overlapping under");
        text.AppendLine("concurrency. CPU is this process's (bench and node), not PostgreSQL's.");
        text.AppendLine();
        text.AppendLine("Per round (ops/s): raw 3 round trips / raw 1 batch / grain submit / grain submit while jobs run / jobs finished per second");
        text.AppendLine();
        foreach (var (round, i) in rounds.Select((r, i) => (r, i)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- round {i + 1}: {Format(round.RawSeparate.Rate)} / {Format(round.RawBatched.Rate)} / {Format(round.Submit.Rate)} / {Format(round.SubmitRunning.Rate)} / {Format(round.Completed)} (submit ÷ raw {round.Submit.Rate / round.RawSeparate.Rate:0.00}×, ÷ batch {round.Submit.Rate / round.RawBatched.Rate:0.00}×)");
        }

        text.AppendLine();
        text.AppendLine("## One at a time (latency of each side: its round trips in sequence, no queueing)");
        text.AppendLine();
        text.AppendLine("| phase | ops | p50 ms | p90 ms | p99 ms | PostgreSQL operations per op | their ms per op | CPU µs per op |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (name, cost, latencies) in sequential)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {latencies.Count} | {Format(Percentile(latencies, 0.5))} | {Format(Percentile(latencies, 0.9))} | {Format(Percentile(latencies, 0.99))} | {Format(cost.DbOperations)} | {Format(cost.DbMilliseconds)} | {Format(cost.CpuMicroseconds)} |");
        }

        text.AppendLine();
        text.AppendLine("### Where a submit's time goes: its statements alone, one at a time");
        text.AppendLine();
        text.AppendLine("The database work `JobGrain.Submit` causes (the job's row, its event and its reminder's row through the node's");
        text.AppendLine("own `IJobStore`, one batch), run by itself for new jobs, after 20 unrecorded:");
        text.AppendLine();
        text.AppendLine("| statement | p50 ms | p90 ms |");
        text.AppendLine("|---|---|---|");
        foreach (var (name, values) in stages)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Format(Percentile(values, 0.5))} | {Format(Percentile(values, 0.9))} |");
        }

        var path = Percentile(stages[0].Milliseconds, 0.5);
        var whole = Percentile(sequential[2].Latencies, 0.5);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The submit's critical path in the database is that one round trip: **{Format(path)} ms** at p50; the whole grain submit one at a time takes {Format(whole)} ms, so the grain machinery (the grain call into the silo, the activation, scheduling of each continuation, the job's JSON) adds about **{Format(whole - path)} ms**. The raw 3-round-trip insert takes {Format(Percentile(sequential[0].Latencies, 0.5))} ms.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Submit to start ({latency.Started.Count} jobs, one at a time, after 20 unrecorded; the node otherwise idle)");
        text.AppendLine();
        text.AppendLine("From just before `IJobGrains.SubmitAsync` to the job grain's change to `running` (`JobChanges`, raised once the");
        text.AppendLine("runner's `BeginAttempt` stored the running state in the job's row); the next job is submitted after this one");
        text.AppendLine("finished. The read model's `started_at − created_at` (the job's creation just before the submit, to the grain's");
        text.AppendLine("claim of the attempt, before the write that follows it) is the check.");
        text.AppendLine();
        text.AppendLine("| ms | p50 | p90 | p99 | max |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var (name, values) in new[] { ("submit answered", latency.SubmitReturned), ("**submit → running**", latency.Started), ("read model: started_at − created_at", latency.ReadModel) })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Format(Percentile(values, 0.5))} | {Format(Percentile(values, 0.9))} | {Format(Percentile(values, 0.99))} | {Format(values.Count == 0 ? double.NaN : values.Max())} |");
        }

        return text.ToString();
    }

    private sealed record Round(Cost RawSeparate, Cost RawBatched, Cost Submit, Cost SubmitRunning, double Completed);

    private sealed record Latency(List<double> SubmitReturned, List<double> Started, List<double> ReadModel);
}
