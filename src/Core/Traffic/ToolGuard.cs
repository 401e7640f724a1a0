namespace McpGateway.Core.Traffic;

/// <summary>The entities that protect one tool: its token bucket, its concurrency slots (when capped) and its breaker.</summary>
public sealed record ToolGuard(string Tool, string Backend, IRateBudget Bucket, ISlotPool? Slots, CircuitBreaker? Breaker);
