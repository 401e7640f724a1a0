using McpGateway.Edge.Observability;

namespace McpGateway.Edge.Admin;

/// <summary>
/// Per backend, what <see cref="CallMetrics"/> has counted on this node since it started: calls, errors (outcome
/// <c>error</c>: the gateway's or the backend's failure, refusals included), tool errors, and the 50th and 99th
/// percentile of the latency, estimated from the histogram buckets as Prometheus' <c>histogram_quantile</c> does.
/// </summary>
internal static class CallStatistics
{
    public sealed record BackendStats(long Calls, long Errors, long ToolErrors, double? P50Ms, double? P99Ms)
    {
        public double? ErrorRate => Calls == 0 ? null : Math.Round((double)Errors / Calls, 4);
    }

    public static IReadOnlyDictionary<string, BackendStats> ByBackend(CallMetrics metrics)
    {
        var counts = metrics.Calls
            .GroupBy(c => c.Key.Backend, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (Calls: g.Sum(c => c.Value), Errors: g.Where(c => c.Key.Outcome == "error").Sum(c => c.Value), ToolErrors: g.Where(c => c.Key.Outcome == "tool_error").Sum(c => c.Value)),
                StringComparer.Ordinal);
        var latency = metrics.Latency
            .GroupBy(l => l.Key.Backend, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Merge(g.Select(l => l.Value.Snapshot().Cumulative)), StringComparer.Ordinal);
        return counts.ToDictionary(
            c => c.Key,
            c =>
            {
                var cumulative = latency.GetValueOrDefault(c.Key);
                return new BackendStats(c.Value.Calls, c.Value.Errors, c.Value.ToolErrors, Quantile(cumulative, 0.5), Quantile(cumulative, 0.99));
            },
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The <paramref name="q"/> quantile in milliseconds from cumulative bucket counts (the last is +Inf): linear within
    /// the bucket it falls in; the highest finite bound when it falls in +Inf; null without observations.
    /// </summary>
    internal static double? Quantile(long[]? cumulative, double q)
    {
        if (cumulative is null || cumulative.Length == 0 || cumulative[^1] == 0)
        {
            return null;
        }

        var rank = q * cumulative[^1];
        var index = Array.FindIndex(cumulative, c => c >= rank);
        if (index >= CallMetrics.Buckets.Length)
        {
            return CallMetrics.Buckets[^1] * 1000;
        }

        var lower = index == 0 ? 0 : CallMetrics.Buckets[index - 1];
        var below = index == 0 ? 0 : cumulative[index - 1];
        var inBucket = cumulative[index] - below;
        var seconds = inBucket == 0 ? CallMetrics.Buckets[index] : lower + ((CallMetrics.Buckets[index] - lower) * ((rank - below) / inBucket));
        return Math.Round(seconds * 1000, 3);
    }

    private static long[] Merge(IEnumerable<long[]> series)
    {
        var total = new long[CallMetrics.Buckets.Length + 1];
        foreach (var cumulative in series)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += cumulative[i];
            }
        }

        return total;
    }
}
