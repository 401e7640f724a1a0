using System.Collections.Concurrent;
using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;

namespace McpGateway.Edge.Observability;

/// <summary>
/// Counts and times every call from its audit record (so refusals at any step are counted too): calls by method,
/// backend, outcome and error kind, and a latency histogram by method and backend. Every label is from a bounded set:
/// the method from the MCP methods the gateway serves, the backend from the catalogue entry the call resolved to (empty
/// when it resolved to none), outcome, error kind and reason from the gateway's own values, and a refusal's tool only
/// when the catalogue serves it (<see cref="MetricLabels"/>).
/// </summary>
internal sealed class CallMetrics(ICatalogue catalogue) : IAuditSink
{
    /// <summary>Upper bounds of the latency buckets, in seconds.</summary>
    public static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<(string Method, string Backend, string Outcome, string Error), long> _calls = new();
    private readonly ConcurrentDictionary<(string Method, string Backend), Histogram> _latency = new();
    private readonly ConcurrentDictionary<(string Name, string Reason), long> _refusals = new();

    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var backend = record.Backend ?? "";
        var method = MetricLabels.McpMethod(record.Method);
        _calls.AddOrUpdate((method, backend, record.Outcome, record.ErrorKind ?? ""), 1, (_, n) => n + 1);
        _latency.GetOrAdd((method, backend), _ => new Histogram()).Observe(record.LatencyMs / 1000);
        if (record.Reason is { } reason)
        {
            // By tool only for the tool guard's reasons: a quota refusal's name is whatever the caller asked for.
            var name = reason is "user_quota" or "tenant_quota" ? "" : MetricLabels.Tool(record.Name, catalogue.Current);
            _refusals.AddOrUpdate((name, reason), 1, (_, n) => n + 1);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Counts a refusal of the user or tenant quota that has no audit record (a catalogue listing).</summary>
    public void CountQuotaRefusal(string reason) => _refusals.AddOrUpdate(("", reason), 1, (_, n) => n + 1);

    public IEnumerable<KeyValuePair<(string Method, string Backend, string Outcome, string Error), long>> Calls => _calls;

    public IEnumerable<KeyValuePair<(string Method, string Backend), Histogram>> Latency => _latency;

    /// <summary>Calls the admit step refused, by tool (empty for user and tenant quotas) and reason.</summary>
    public IEnumerable<KeyValuePair<(string Name, string Reason), long>> Refusals => _refusals;

    /// <summary>A cumulative histogram; updates are lock-free.</summary>
    internal sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length + 1];
        private long _sumMicros;

        public void Observe(double seconds)
        {
            var index = Array.FindIndex(Buckets, b => seconds <= b);
            Interlocked.Increment(ref _counts[index < 0 ? Buckets.Length : index]);
            Interlocked.Add(ref _sumMicros, (long)(seconds * 1_000_000));
        }

        /// <summary>Cumulative counts per bucket (the last is +Inf), and the sum in seconds.</summary>
        public (long[] Cumulative, double Sum) Snapshot()
        {
            var cumulative = new long[_counts.Length];
            long running = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                running += Interlocked.Read(ref _counts[i]);
                cumulative[i] = running;
            }

            return (cumulative, Interlocked.Read(ref _sumMicros) / 1_000_000.0);
        }
    }
}
