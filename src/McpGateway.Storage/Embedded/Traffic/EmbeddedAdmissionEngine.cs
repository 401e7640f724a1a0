using System.Collections.Concurrent;
using McpGateway.Core.Traffic;

namespace McpGateway.Storage.Embedded.Traffic;

/// <summary>
/// The single-node engine: every bucket, cap and breaker lives in this process (one small lock each), so admitting a
/// call costs no I/O. A restart starts with full buckets and closed breakers.
/// </summary>
public sealed class EmbeddedAdmissionEngine(TimeProvider time) : IAdmissionEngine
{
    private readonly ConcurrentDictionary<string, IRateBudget> _budgets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ISlotPool> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);

    public string Name => "embedded";

    public long Statements => 0;

    public IRateBudget Budget(string key, RateLimit limit) =>
        _budgets.GetOrAdd(key, static (_, state) => new TokenBucket(state.limit, state.time), (limit, time));

    public ISlotPool Slots(string key, ConcurrencySettings settings) =>
        _slots.GetOrAdd(key, static (_, state) => new ConcurrencyLimiter(state.settings, state.time), (settings, time));

    public CircuitBreaker Breaker(string key, BreakerSettings settings) =>
        _breakers.GetOrAdd(key, static (_, state) => new CircuitBreaker(state.settings, state.time), (settings, time));
}
