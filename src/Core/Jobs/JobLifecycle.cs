using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>
/// The job state machine, pure: every transition takes the current job and the time and returns the next state, or
/// null when the transition does not apply to that state (a store then leaves the row alone). Stores run these inside
/// their own transactions; nothing here does I/O.
/// <code>
/// queued ─claim─▶ running ─succeed─▶ succeeded ─┐
///   ▲                │ ─fail/lease lost─▶ failed ─┤─expire─▶ expired ─purge─▶ (gone)
///   └──retry (backoff)┘                            │
/// queued|running ─cancel─▶ cancelled ─────────────┘
/// </code>
/// </summary>
public static class JobLifecycle
{
    public static Job Claim(Job job, string node, DateTimeOffset now, TimeSpan lease) => job.Status != JobStatus.Queued || job.NotBefore > now
        ? throw new InvalidOperationException($"Job {job.Id} is not claimable")
        : Next(job, now) with
        {
            Status = JobStatus.Running,
            Attempts = job.Attempts + 1,
            LeaseOwner = node,
            LeaseExpiresAt = now + lease,
            Dispatched = false,
            StartedAt = job.StartedAt ?? now,
            StatusMessage = null,
        };

    public static bool IsClaimable(Job job, DateTimeOffset now) => job.Status == JobStatus.Queued && job.NotBefore <= now;

    /// <summary>Extends the lease of the worker that holds it.</summary>
    public static Job? Renew(Job job, string node, DateTimeOffset now, TimeSpan lease) =>
        Holds(job, node) ? Next(job, now) with { LeaseExpiresAt = now + lease } : null;

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
    /// A running job whose lease ran out: its node died or lost the store. Run again when the backend never received
    /// the call or the tool is idempotent (and attempts remain); otherwise failed, with the reason.
    /// </summary>
    public static Job? RecoverLostLease(Job job, DateTimeOffset now, JobSettings settings)
    {
        if (job.Status != JobStatus.Running || job.LeaseExpiresAt is not { } expires || expires > now)
        {
            return null;
        }

        return Released(job, now, settings, $"The node running attempt {job.Attempts} was lost");
    }

    /// <summary>
    /// A running job held by a node the cluster marked dead: recovered at once (same rules as a lost lease) rather than
    /// when its lease runs out.
    /// </summary>
    public static Job? RecoverDeadNode(Job job, string deadNode, DateTimeOffset now, JobSettings settings) =>
        Holds(job, deadNode) ? Released(job, now, settings, $"The node running attempt {job.Attempts} was lost") : null;

    /// <summary>The worker gives the job back (its node is stopping): the same rules as a lost lease.</summary>
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
        LeaseOwner = null,
        LeaseExpiresAt = null,
        Dispatched = false,
        StatusMessage = message,
    };

    private static Job Finish(Job job, JobStatus status, DateTimeOffset now) => Next(job, now) with
    {
        Status = status,
        FinishedAt = now,
        ExpiresAt = now + job.Retention,
        LeaseOwner = null,
        LeaseExpiresAt = null,
    };

    private static bool Holds(Job job, string node) => job.Status == JobStatus.Running && job.LeaseOwner == node;

    private static Job Next(Job job, DateTimeOffset now) => job with { UpdatedAt = now, Version = job.Version + 1 };
}
