using System.Text.Json.Nodes;

namespace McpGateway.Core.Jobs;

/// <summary>
/// One line of a job's history, stored with the change it describes (in the same transaction): <c>accepted</c> (the
/// audited acceptance: who, what, which policy decision), <c>started</c>, <c>retry</c>, <c>succeeded</c>, <c>failed</c>,
/// <c>cancelled</c>, <c>lost</c>, <c>expired</c>. Metadata only, never argument values or results.
/// </summary>
public sealed record JobEvent(string JobId, DateTimeOffset At, string Kind, string? Node, JsonObject Detail);
