namespace McpGateway.Grains.Jobs;

/// <summary>
/// One job (key: the job id), the owner of its state: status, attempts, progress, result, expiry, owner, idempotency
/// (persisted as its row of the jobs table, which is also the read model). It starts each attempt on a runner of
/// its own silo, in the background, and a reminder checks on it until it is purged, so a job whose silo died is taken
/// up by another silo. Jobs cross as JSON text (<c>McpGateway.Core.Jobs.JobCodec</c>).
/// </summary>
[Alias("mcpgw.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Stores a new job (unless the owner is over the caps) and starts it.</summary>
    [Alias("Submit")]
    Task<JobSubmitReply> Submit(JobSubmission submission);

    /// <summary>Cancels the job (a running call is stopped); the job as it is now, or null when unknown.</summary>
    [Alias("Cancel")]
    Task<JobCancelReply?> Cancel(string by);

    /// <summary>Makes the grain check on its job now (activating it): started, taken up again, expired or purged as due.</summary>
    [Alias("Check")]
    Task Check();

    /// <summary>A runner of node <paramref name="node"/> starts an attempt: the claimed job, or null when there is nothing to run.</summary>
    [Alias("BeginAttempt")]
    Task<string?> BeginAttempt(string node);

    /// <summary>The attempt's call is about to leave for the backend; false when the attempt is no longer the job's.</summary>
    [Alias("Dispatching")]
    Task<bool> Dispatching(string node, int attempt);

    /// <summary>The backend's progress (JSON object); false when the attempt is no longer the job's.</summary>
    [Alias("Progress")]
    Task<bool> Progress(string node, int attempt, string progress);

    /// <summary>How the attempt ended.</summary>
    [Alias("Finish")]
    Task Finish(string node, int attempt, JobAttemptReport report);
}

/// <summary>A new job and its acceptance event (JSON), with the owner's caps.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mcpgw.JobSubmission")]
public sealed record JobSubmission([property: Id(0)] string Job, [property: Id(1)] string Acceptance, [property: Id(2)] int MaxActive, [property: Id(3)] int MaxStored);

/// <summary>Whether a job was accepted: 0 accepted, 1 too many active, 2 too many stored (<c>JobSubmitOutcome</c>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("mcpgw.JobSubmitReply")]
public sealed record JobSubmitReply([property: Id(0)] int Outcome);

/// <summary>The job after a cancel (JSON) and whether the cancel changed it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mcpgw.JobCancelReply")]
public sealed record JobCancelReply([property: Id(0)] string Job, [property: Id(1)] bool Changed);

/// <summary>An attempt's outcome: the result (JSON) or the error (JSON), whether it was dispatched, whether the node is stopping.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mcpgw.JobAttemptReport")]
public sealed record JobAttemptReport(
    [property: Id(0)] string? Result, [property: Id(1)] string? Error, [property: Id(2)] bool Dispatched, [property: Id(3)] bool Stopping);
