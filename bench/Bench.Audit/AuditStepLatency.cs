using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Steps;

namespace McpGateway.Bench.Audit;

/// <summary>
/// What the audit step adds to a call: the pipeline with the product's <see cref="RecordStep"/> over the durable
/// writer (PostgreSQL) against the same pipeline without it, in the same run. The call itself does nothing (its
/// backend answers at once), so the difference is the audit step: building the record (argument digest included) and
/// waiting until it is committed. Closed loop: each caller sends its next call when the previous one is answered.
/// </summary>
internal sealed class AuditStepLatency(AuditWriter writer, TimeSpan duration)
{
    private static readonly JsonNode Result = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "hello" }) };
    private static readonly CallerIdentity Caller = new("alice", ["developer"], "acme", [], IsAnonymous: false);

    public Task<Latencies> WithAuditAsync(int callers) =>
        RunAsync(new CallPipeline([new RecordStep([writer], TimeProvider.System)], Backend), callers);

    public Task<Latencies> WithoutAuditAsync(int callers) => RunAsync(new CallPipeline([], Backend), callers);

    private static ValueTask<CallResult> Backend(CallContext context) => ValueTask.FromResult(CallResult.Success(Result));

    private async Task<Latencies> RunAsync(CallPipeline pipeline, int callers)
    {
        var samples = new List<double>[callers];
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = samples[c] = [];
            for (var i = 0; Stopwatch.GetTimestamp() < end; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await pipeline.InvokeAsync(Call(c, i));
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!result.IsSuccess)
                {
                    throw new InvalidOperationException($"A call failed during the benchmark: {result.Error!.Message}");
                }
            }
        })));
        return Latencies.Of(samples.SelectMany(s => s).ToList(), duration);
    }

    private static CallContext Call(int caller, int i) => new()
    {
        RequestId = $"bench-{caller}-{i}",
        CorrelationId = "4bf92f3577b34da6a3ce929d0e0e4736",
        Caller = Caller,
        Endpoint = "mcp",
        Kind = CallKind.ToolCall,
        Name = "hello.echo",
        Params = new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "hello", ["count"] = 3 } },
        StartedAt = DateTimeOffset.UtcNow,
    };
}

/// <summary>Call latencies of one phase, in milliseconds (nearest-rank percentiles), and calls per second.</summary>
internal sealed record Latencies(int Calls, double PerSecond, double P50, double P90, double P99)
{
    public static Latencies Of(List<double> samples, TimeSpan duration)
    {
        samples.Sort();
        double At(double p) => samples[Math.Clamp((int)Math.Ceiling(p * samples.Count) - 1, 0, samples.Count - 1)];
        return new Latencies(samples.Count, samples.Count / duration.TotalSeconds, At(0.50), At(0.90), At(0.99));
    }
}
