using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>
/// A call that runs apart from the request that made it: the state of its job grain (stored as its row of the jobs table, the read model),
/// changed only through <see cref="JobLifecycle"/>. <see cref="Version"/> grows with every change, so a store can refuse a stale write.
/// </summary>
public sealed record Job
{
    public required string Id { get; init; }

    /// <summary>The caller that submitted it; the job runs as this caller and only it (or an admin) sees it.</summary>
    public required string OwnerId { get; init; }
    public string? Tenant { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The scope of the endpoint it was submitted on (null: unscoped).</summary>
    public string? Scope { get; init; }

    /// <summary>The exposed tool name.</summary>
    public required string Tool { get; init; }

    /// <summary>The <c>tools/call</c> params as the caller sent them (without the task request).</summary>
    public required JsonObject Params { get; init; }

    /// <summary>How it was asked for; decides the shape of answers about it.</summary>
    public required JobOrigin Origin { get; init; }

    /// <summary>The MCP session that submitted it, when there was one: status changes are pushed to its stream.</summary>
    public string? SessionId { get; init; }

    /// <summary>The tool may be run again after a lost attempt (<c>idempotent</c> in tools.yaml, at submit time).</summary>
    public bool Idempotent { get; init; }

    public JobStatus Status { get; init; } = JobStatus.Queued;
    public int Attempts { get; init; }
    public required int MaxAttempts { get; init; }

    /// <summary>A queued job is not claimed before this time (backoff after a failed attempt).</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>The node running the current attempt (its cluster node id), while running.</summary>
    public string? Runner { get; init; }

    /// <summary>Set just before the current attempt's call leaves for the backend: from then on its outcome may be unknown.</summary>
    public bool Dispatched { get; init; }

    /// <summary>The backend's latest progress (<c>progress</c>, <c>total</c>, <c>message</c>).</summary>
    public JsonObject? Progress { get; init; }

    /// <summary>The tool result exactly as the backend returned it (succeeded jobs).</summary>
    public JsonNode? Result { get; init; }

    /// <summary>Why it failed or was cancelled: the error the call would have answered.</summary>
    public GatewayError? Error { get; init; }

    /// <summary>A short human-readable note on the current state (retries, reasons).</summary>
    public string? StatusMessage { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When a finished job's result is dropped (it turns <see cref="JobStatus.Expired"/>); when an expired job is purged.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>How long results are kept after the job finished (the task's <c>ttl</c>).</summary>
    public required TimeSpan Retention { get; init; }

    public required string RequestId { get; init; }
    public required string CorrelationId { get; init; }
    public long Version { get; init; }

    /// <summary>
    /// Whether this is a job as submitted: queued, never attempted or changed, holding nothing (a store may then write
    /// only the submitted fields).
    /// </summary>
    [JsonIgnore]
    public bool IsNew => Status == JobStatus.Queued && Attempts == 0 && Version == 0 && Runner is null
        && !Dispatched && Progress is null && Result is null && Error is null && StatusMessage is null && StartedAt is null
        && FinishedAt is null && ExpiresAt is null;

    /// <summary>The identity the job runs as.</summary>
    [JsonIgnore]
    public CallerIdentity Caller => new(OwnerId, Roles, Tenant, [], IsAnonymous: OwnerId == "anonymous");
}
