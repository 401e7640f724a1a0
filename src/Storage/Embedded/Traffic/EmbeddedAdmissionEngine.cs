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
        AdmissionEntities.Get(_budgets, key, limit, static budget => budget.Limit, static (_, state) => new TokenBucket(state.Settings, state.State), time);

    public ISlotPool Slots(string key, ConcurrencySettings settings) =>
        AdmissionEntities.Get(_slots, key, settings, static slots => slots.Settings, static (_, state) => new ConcurrencyLimiter(state.Settings, state.State), time);

    public CircuitBreaker Breaker(string key, BreakerSettings settings) =>
        AdmissionEntities.Get(_breakers, key, settings, static breaker => breaker.Settings, static (_, state) => new CircuitBreaker(state.Settings, state.State), time);
}
