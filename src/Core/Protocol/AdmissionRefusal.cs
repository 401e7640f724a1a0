namespace McpGateway.Core.Protocol;

/// <summary>
/// Why the admit step refused a call, for the audit record, the JSON-RPC error's <c>data</c> and the HTTP headers
/// (<c>Retry-After</c>; <c>RateLimit-Limit</c>/<c>-Remaining</c>/<c>-Reset</c> when a token bucket refused).
/// </summary>
/// <param name="Reason"><c>user_quota</c>, <c>tenant_quota</c>, <c>tool_rate</c>, <c>queue_full</c>, <c>queue_timeout</c> or <c>circuit_open</c>.</param>
/// <param name="RetryAfter">When a retry may succeed.</param>
/// <param name="Bucket">The refusing bucket's capacity, remaining tokens and time until full; null for caps and breakers.</param>
public sealed record AdmissionRefusal(string Reason, TimeSpan RetryAfter, (int Limit, int Remaining, TimeSpan Reset)? Bucket = null)
{
    /// <summary>Whole seconds, rounded up, at least 1: the value of <c>Retry-After</c>.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
