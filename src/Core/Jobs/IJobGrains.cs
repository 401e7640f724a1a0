namespace McpGateway.Core.Jobs;

/// <summary>
/// The edge's way to the job grains (one per job, cluster-wide): submitting a job and cancelling one. Everything else
/// callers ask about jobs is read from the read model (<see cref="IJobStore"/>).
/// </summary>
public interface IJobGrains
{
    /// <summary>
    /// Hands a new job to its grain, which stores it (state, read-model row with its acceptance event, reminder) unless
    /// the owner is over <paramref name="limits"/>, and starts it in the background.
    /// </summary>
    ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken);

    /// <summary>Cancels a queued or running job; null when the job is unknown to its grain.</summary>
    ValueTask<JobUpdate?> CancelAsync(string id, string by, CancellationToken cancellationToken);
}

/// <summary>A job as it is now, and whether the call changed it.</summary>
public sealed record JobUpdate(Job Job, bool Changed);
