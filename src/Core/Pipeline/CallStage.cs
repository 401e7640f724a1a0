namespace McpGateway.Core.Pipeline;

/// <summary>
/// Where a call is in its life, for the admission gates: a job is admitted in two parts, so that nothing is counted
/// twice. Rate limits and quotas are spent once, when the job is submitted; the concurrency cap and the circuit
/// breaker guard the backend, so they apply when a worker runs it (each attempt).
/// </summary>
public enum CallStage
{
    /// <summary>A call dispatched at once: every gate applies.</summary>
    Direct,

    /// <summary>A call that will be stored as a job (decided before admit): quotas and rate limits only.</summary>
    JobSubmit,

    /// <summary>A worker running a job: the concurrency cap and the breaker only.</summary>
    JobRun,
}
