namespace McpGateway.Core.Audit;

/// <summary>What is recorded of a call: metadata only, never argument values.</summary>
public sealed record AuditRecord
{
    public required DateTimeOffset Time { get; init; }
    public required string RequestId { get; init; }
    public required string CorrelationId { get; init; }
    public required string UserId { get; init; }
    public string? Tenant { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public required string Endpoint { get; init; }
    public string? Scope { get; init; }
    public required string Method { get; init; }
    public required string Name { get; init; }
    public string? Backend { get; init; }
    /// <summary>
    /// <c>allow</c>, <c>deny</c>, <c>approval_required</c> (held) or <c>approved</c> (ran under an approval) when the
    /// authorize step decided; null when the call was refused before it.
    /// </summary>
    public string? Decision { get; init; }
    /// <summary>The policy rule that decided (e.g. <c>roles.developer.tools:hello.*</c>, <c>default-deny</c>).</summary>
    public string? RuleId { get; init; }
    public string? PolicyVersion { get; init; }
    /// <summary><c>success</c>, <c>tool_error</c> or <c>error</c>.</summary>
    public required string Outcome { get; init; }
    /// <summary>The gateway error kind, when the call failed or was refused.</summary>
    public string? ErrorKind { get; init; }
    /// <summary>Why the admit step refused the call: <c>user_quota</c>, <c>tenant_quota</c>, <c>tool_rate</c>, <c>queue_full</c>, <c>queue_timeout</c>, <c>circuit_open</c>.</summary>
    public string? Reason { get; init; }
    public required double LatencyMs { get; init; }
}
