using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>
/// The job state machine, pure: every transition takes the current job and the time and returns the next state, or
/// null when the transition does not apply to that state (the job's grain then leaves it alone). The job grain applies
/// these to its state; nothing here does I/O.
/// <code>
/// queued ─claim─▶ running ─succeed─▶ succeeded ─┐
///   ▲                │ ─fail/runner lost─▶ failed ─┤─expire─▶ expired ─purge─▶ (gone)
///   └──retry (backoff)┘                            │
/// queued|running ─cancel─▶ cancelled ─────────────┘
/// </code>
/// </summary>
public static class JobLifecycle
{
    public static Job Claim(Job job, string node, DateTimeOffset now) => job.Status != JobStatus.Queued
        ? throw new InvalidOperationException($"Job {job.Id} is not claimable")
        : Next(job, now) with
        {
            Status = JobStatus.Running,
            Attempts = job.Attempts + 1,
            Runner = node,
            Dispatched = false,
            StartedAt = job.StartedAt ?? now,
            StatusMessage = null,
        };

    public static bool IsClaimable(Job job, DateTimeOffset now) => job.Status == JobStatus.Queued && job.NotBefore <= now;
    /// <summary>Marks that the call is about to reach the backend.</summary>
    public static Job? MarkDispatched(Job job, string node, DateTimeOffset now) =>
        Holds(job, node) ? Next(job, now) with { Dispatched = true } : null;

    public static Job? ReportProgress(Job job, string node, JsonObject progress, DateTimeOffset now) =>
        Holds(job, node) ? Next(job, now) with { Progress = progress } : null;

    public static Job? Succeed(Job job, string node, JsonNode result, DateTimeOffset now) =>
        Holds(job, node) ? Finish(job, JobStatus.Succeeded, now) with { Result = result } : null;

    /// <summary>
    /// The attempt failed with <paramref name="error"/>. Retried after a backoff when <paramref name="retryable"/> and
    /// attempts remain; else the job fails with that error.
    /// </summary>
    public static Job? Fail(Job job, string node, GatewayError error, bool retryable, DateTimeOffset now, JobSettings settings)
    {
        if (!Holds(job, node))
        {
            return null;
        }

        return retryable && job.Attempts < job.MaxAttempts
            ? Retry(job, now, settings, $"Attempt {job.Attempts} failed ({error.Message}); retrying")
            : Finish(job, JobStatus.Failed, now) with { Error = error, StatusMessage = error.Message };
    }

    /// <summary>Cancels a queued or running job (a running one's worker stops its call when it sees this).</summary>
    public static Job? Cancel(Job job, DateTimeOffset now) =>
        job.Status.IsTerminal()
            ? null
            : Finish(job, JobStatus.Cancelled, now) with
            {
                Error = new GatewayError(GatewayErrorKind.Cancelled, "The job was cancelled"),
                StatusMessage = "The job was cancelled by request",
            };

    /// <summary>
    /// A running job whose attempt is gone: the node running it died (its grain came back elsewhere, or after a
    /// restart, and nothing runs it). Run again when the backend never received the call or the tool is idempotent (and
    /// attempts remain); otherwise failed, with the reason.
    /// </summary>
    public static Job? RecoverLost(Job job, DateTimeOffset now, JobSettings settings) =>
        job.Status == JobStatus.Running ? Released(job, now, settings, $"The node running attempt {job.Attempts} was lost") : null;

    /// <summary>
    /// The attempt's outcome as its runner reports it: a result (failed when larger than a job may keep), a retry after
    /// a backoff, a failure with its reason, or, when the node is stopping and the call did not succeed, the job given
    /// back under the rules of a lost node.
    /// </summary>
    public static Job? Complete(Job job, string node, JobAttemptOutcome outcome, DateTimeOffset now, JobSettings settings)
    {
        if (outcome.Stopping && outcome.Result is null)
        {
            return Release(job, node, now, settings);
        }

        if (outcome.Result is { } result)
        {
            var size = System.Text.Encoding.UTF8.GetByteCount(result.ToJsonString());
            return size <= settings.MaxResultBytes
                ? Succeed(job, node, result, now)
                : Fail(job, node, new GatewayError(GatewayErrorKind.PayloadTooLarge,
                    $"The tool's result ({size} bytes) is larger than the {settings.MaxResultBytes} bytes a job may keep"), retryable: false, now, settings);
        }

        var (error, retryable) = JobFailure.Classify(outcome.Error ?? new GatewayError(GatewayErrorKind.Internal, "The job failed"), outcome.Dispatched, job.Idempotent);
        return Fail(job, node, error, retryable, now, settings);
    }

    /// <summary>The runner gives the job back (its node is stopping): the same rules as a lost node (<see cref="RecoverLost"/>).</summary>
    public static Job? Release(Job job, string node, DateTimeOffset now, JobSettings settings) =>
        Holds(job, node) ? Released(job, now, settings, $"The node running attempt {job.Attempts} stopped") : null;

    /// <summary>A finished job past its retention drops its result and turns expired.</summary>
    public static Job? Expire(Job job, DateTimeOffset now, JobSettings settings) =>
        job.Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled && job.ExpiresAt is { } at && at <= now
            ? Next(job, now) with
            {
                Status = JobStatus.Expired,
                Result = null,
                Error = null,
                Progress = null,
                StatusMessage = "The job's result was kept until " + at.ToString("O") + " and is gone",
                ExpiresAt = now + settings.PurgeAfter,
            }
            : null;

    /// <summary>Whether an expired job may be deleted.</summary>
    public static bool IsPurgeable(Job job, DateTimeOffset now) => job.Status == JobStatus.Expired && job.ExpiresAt is { } at && at <= now;

    private static Job Released(Job job, DateTimeOffset now, JobSettings settings, string what)
    {
        if (job.Dispatched && !job.Idempotent)
        {
            return Finish(job, JobStatus.Failed, now) with
            {
                Error = OutcomeUnknown(what),
                StatusMessage = OutcomeUnknown(what).Message,
            };
        }

        return job.Attempts < job.MaxAttempts
            ? Retry(job, now, settings, what + "; retrying")
            : Finish(job, JobStatus.Failed, now) with
            {
                Error = new GatewayError(GatewayErrorKind.BackendUnavailable, $"{what}; no attempts left ({job.Attempts} of {job.MaxAttempts})"),
                StatusMessage = $"{what}; no attempts left",
            };
    }

    public static GatewayError OutcomeUnknown(string what) => new(
        GatewayErrorKind.JobOutcomeUnknown,
        $"Outcome unknown: {what} after the backend received the call; the tool is not marked idempotent, so it was not run again");

    private static Job Retry(Job job, DateTimeOffset now, JobSettings settings, string message) => Next(job, now) with
    {
        Status = JobStatus.Queued,
        NotBefore = now + settings.Backoff(job.Attempts + 1),
        Runner = null,
        Dispatched = false,
        StatusMessage = message,
    };

    private static Job Finish(Job job, JobStatus status, DateTimeOffset now) => Next(job, now) with
    {
        Status = status,
        FinishedAt = now,
        ExpiresAt = now + job.Retention,
        Runner = null,
    };

    private static bool Holds(Job job, string node) => job.Status == JobStatus.Running && job.Runner == node;

    private static Job Next(Job job, DateTimeOffset now) => job with { UpdatedAt = now, Version = job.Version + 1 };
}
