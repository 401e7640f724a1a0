using McpGateway.Core.Traffic;

namespace McpGateway.Edge.Traffic;

/// <summary>What the admission entities of this node hold now, for <c>/metrics</c> and the admin API.</summary>
internal sealed class TrafficReport(IAdmissionEngine engine, UserQuotaGate quotas, ToolGuardGate tools)
{
    public string Engine => engine.Name;

    public long AuthorityCalls => engine.AuthorityCalls;

    /// <summary>The tools called so far (a guard is made on a tool's first call), by name.</summary>
    public IReadOnlyList<ToolStatus> Tools() =>
        [.. tools.Guards.OrderBy(g => g.Tool, StringComparer.Ordinal).Select(Status)];

    public IReadOnlyList<BucketStatus> Quotas() =>
        [.. quotas.Buckets.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => Bucket(b.Key, b.Budget))];

    private static ToolStatus Status(ToolGuard guard)
    {
        var breaker = guard.Breaker is { } b
            ? new BreakerStatus(b.State, b.State == BreakerState.Closed ? null : b.OpenUntil, b.ConsecutiveFailures, b.Settings)
            : null;
        var slots = guard.Slots is { } s ? new SlotStatus(s.Settings, s.Capacity, s.InFlight, s.Queued) : null;
        return new ToolStatus(guard.Tool, guard.Backend, Bucket(guard.Tool, guard.Bucket), slots, breaker);
    }

    private static BucketStatus Bucket(string key, IRateBudget budget) => new(key, budget.Limit.PerMinute, budget.Limit.Burst, budget.Level);

    internal sealed record ToolStatus(string Tool, string Backend, BucketStatus Rate, SlotStatus? Concurrency, BreakerStatus? Breaker);

    internal sealed record BucketStatus(string Key, double PerMinute, int Burst, double Tokens);

    internal sealed record SlotStatus(ConcurrencySettings Settings, int Capacity, int InFlight, int Queued);

    internal sealed record BreakerStatus(BreakerState State, DateTimeOffset? OpenUntil, int ConsecutiveFailures, BreakerSettings Settings);

}
