using System.Diagnostics;

namespace McpGateway.Bench;

/// <summary>The outcome of one phase (one target, one concurrency level).</summary>
internal sealed record PhaseResult(
    string Target,
    int Concurrency,
    int Round,
    long Completed,
    long Errors,
    IReadOnlyList<string> ErrorSamples,
    double ElapsedSeconds,
    LatencyStats Latency,
    CpuShare? Cpu)
{
    /// <summary>Successful requests per second of wall time.</summary>
    public double Throughput => ElapsedSeconds > 0 ? (Completed - Errors) / ElapsedSeconds : 0;
}

/// <summary>Latency distribution of the successful requests, in milliseconds.</summary>
internal sealed record LatencyStats(long Count, double Mean, double P50, double P90, double P99, double Max)
{
    public static LatencyStats From(long[] ticks)
    {
        if (ticks.Length == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        Array.Sort(ticks);
        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;

        // Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.
        double Percentile(double p) => Ms(ticks[Math.Clamp((int)Math.Ceiling(p / 100.0 * ticks.Length) - 1, 0, ticks.Length - 1)]);

        double sum = 0;
        foreach (var t in ticks)
        {
            sum += t;
        }

        var mean = sum / ticks.Length * 1000.0 / Stopwatch.Frequency;
        return new LatencyStats(ticks.Length, mean, Percentile(50), Percentile(90), Percentile(99), Ms(ticks[^1]));
    }
}

/// <summary>
/// A closed-loop load generator: <c>concurrency</c> workers, each sends a request, waits for the whole response, and
/// sends the next one. A phase stops at whichever bound comes first: the request count or the time.
/// </summary>
internal static class LoadRunner
{
    private const int MaxErrorSamples = 5;

    public static Task<PhaseResult> RunAsync(
        HttpClient http, EchoTarget target, int concurrency, int maxRequests, TimeSpan maxTime, int round, CpuMeter? cpu, CancellationToken cancellationToken) =>
        RunAsync(http, [target], concurrency, maxRequests, maxTime, round, cpu, cancellationToken);

    /// <summary>The same over several endpoints: request N goes to <c>targets[N % count]</c> (client-side round robin).</summary>
    public static async Task<PhaseResult> RunAsync(
        HttpClient http, IReadOnlyList<EchoTarget> targets, int concurrency, int maxRequests, TimeSpan maxTime, int round, CpuMeter? cpu, CancellationToken cancellationToken)
    {
        var target = targets[0];
        long issued = 0;
        long errors = 0;
        var errorSamples = new List<string>();
        var perWorker = new List<long>[concurrency];

        // The client's own garbage is collected before the clock starts, not during the phase.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var cpuBefore = cpu?.Sample();
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(maxTime.TotalSeconds * Stopwatch.Frequency);

        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var worker = w;
            var latencies = perWorker[w] = new List<long>(Math.Min(maxRequests, 100_000) / concurrency + 16);
            workers[w] = Task.Run(async () =>
            {
                while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
                {
                    var id = Interlocked.Increment(ref issued);
                    if (id > maxRequests)
                    {
                        break;
                    }

                    var error = await SendOneAsync(http, targets[(int)(id % targets.Count)], id, worker, latencies, cancellationToken);
                    if (error is not null)
                    {
                        Interlocked.Increment(ref errors);
                        lock (errorSamples)
                        {
                            if (errorSamples.Count < MaxErrorSamples)
                            {
                                errorSamples.Add(error);
                            }
                        }
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        var end = Stopwatch.GetTimestamp();
        var cpuAfter = cpu?.Sample();

        var all = perWorker.SelectMany(l => l).ToArray();
        var elapsed = (end - start) / (double)Stopwatch.Frequency;
        var completed = all.Length + Interlocked.Read(ref errors);
        return new PhaseResult(
            target.Label, concurrency, round, completed, Interlocked.Read(ref errors), errorSamples, elapsed,
            LatencyStats.From(all),
            cpuBefore is not null && cpuAfter is not null ? CpuMeter.Share(cpuBefore, cpuAfter) : null);
    }

    /// <summary>One request; its latency (send to last body byte) is recorded only when the response checks out.</summary>
    private static async Task<string?> SendOneAsync(HttpClient http, EchoTarget target, long id, int worker, List<long> latencies, CancellationToken cancellationToken)
    {
        int status;
        string? mediaType;
        byte[] body;
        long t0, t1;
        try
        {
            using var request = target.CreateRequest(id, worker);
            t0 = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            t1 = Stopwatch.GetTimestamp();
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return e.GetType().Name + ": " + e.Message;
        }

        var problem = EchoResponse.Check(status, mediaType, body, id, target);
        if (problem is null)
        {
            latencies.Add(t1 - t0);
        }

        return problem;
    }
}
