namespace McpGateway.Core.Audit;

/// <summary>
/// What is recorded of a call: metadata only; argument values only when <see cref="AuditOptions.IncludeArguments"/> is on.
/// Times are kept to the microsecond and latencies in whole microseconds so that a record read back from any engine
/// hashes exactly as it was written (see <see cref="AuditHasher"/>).
/// </summary>
public sealed record AuditRecord
{
    /// <summary>Unique id of this record (32 hex digits, time-ordered). A retried write of the same id never duplicates it.</summary>
    public required string EventId { get; init; }

    /// <summary>When the call entered the pipeline.</summary>
    public required DateTimeOffset Time { get; init; }

    public required string RequestId { get; init; }

    /// <summary>The caller's correlation id: its W3C trace id, else its <c>X-Correlation-ID</c>, else the request id.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>The W3C trace id the call ran under (the caller's, or the gateway's own span when tracing is on).</summary>
    public string? TraceId { get; init; }

    public required string UserId { get; init; }

    public string? Tenant { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The client, as it named itself (<c>clientInfo</c> of its session, else its <c>User-Agent</c>).</summary>
    public string? Client { get; init; }

    /// <summary>The entry point: <c>mcp</c>, <c>sse</c>, <c>rest</c>, <c>job</c>.</summary>
    public required string Endpoint { get; init; }

    public string? Scope { get; init; }

    public required string Method { get; init; }

    /// <summary>The tool or prompt name, or the resource URI, the caller asked for.</summary>
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

    /// <summary>UTF-8 size of the call's params as received.</summary>
    public long RequestBytes { get; init; }

    /// <summary>UTF-8 size of the result (or of the error) answered.</summary>
    public long ResponseBytes { get; init; }

    /// <summary>SHA-256 (hex) of the arguments in canonical JSON (members sorted); null when the call had none.</summary>
    public string? ArgumentsDigest { get; init; }

    /// <summary>The arguments as JSON text; only when <see cref="AuditOptions.IncludeArguments"/> is on.</summary>
    public string? Arguments { get; init; }

    /// <summary>The record with its time cut to whole microseconds and its latency to whole microseconds, as every engine keeps them.</summary>
    public AuditRecord Normalized() => this with
    {
        Time = AuditTime.FromMicroseconds(AuditTime.ToMicroseconds(Time)),
        LatencyMs = AuditTime.LatencyMicroseconds(LatencyMs) / 1000.0,
    };
}
