namespace McpGateway.Core.Traffic;

/// <summary>A breaker's answer to a call: pass (possibly as the half-open probe) or refuse until <see cref="RetryAt"/>.</summary>
public readonly record struct BreakerDecision(bool Allowed, bool IsProbe, DateTimeOffset RetryAt)
{
    public static BreakerDecision Pass { get; } = new(true, false, default);
}
