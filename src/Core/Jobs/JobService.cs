using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>
/// What callers may do with jobs, whichever way they ask (gateway tools, REST, MCP tasks): look one up, wait for it,
/// cancel it, list theirs. Lookups and listings read the read model; a cancel goes to the job's grain. A job the caller
/// may not see answers exactly like an unknown id.
/// </summary>
public sealed class JobService(IJobStore store, IJobGrains grains, JobChanges changes, JobSettings settings)
{
    public const int MaxPageSize = 100;

    /// <summary>How often a wait re-reads a job whose grain is on another node.</summary>
    public static readonly TimeSpan WaitPoll = TimeSpan.FromMilliseconds(250);

    public JobSettings Settings => settings;

    /// <summary>The job, or <see cref="GatewayErrorKind.UnknownJob"/> when it does not exist or is not the caller's.</summary>
    public async ValueTask<Job> GetAsync(CallerIdentity caller, string id, CancellationToken cancellationToken)
    {
        var job = JobId.IsWellFormed(id) ? await store.GetAsync(id, cancellationToken) : null;
        return job is not null && JobAccess.CanSee(caller, job) ? job : throw new GatewayException(Unknown(id));
    }

    /// <summary>Cancels a queued or running job; a finished one is refused with <see cref="GatewayErrorKind.JobAlreadyFinished"/>.</summary>
    public async ValueTask<Job> CancelAsync(CallerIdentity caller, string id, CancellationToken cancellationToken)
    {
        await GetAsync(caller, id, cancellationToken);
        var update = await grains.CancelAsync(id, caller.UserId, cancellationToken) ?? throw new GatewayException(Unknown(id));
        if (!update.Changed)
        {
            throw new GatewayException(new GatewayError(GatewayErrorKind.JobAlreadyFinished, $"Job '{id}' already finished ({update.Job.Status.Name()}); it cannot be cancelled"));
        }

        return update.Job;
    }

    /// <summary>A page of the caller's jobs, newest first (every user's for an admin asking for <paramref name="all"/>).</summary>
    public async ValueTask<(IReadOnlyList<Job> Jobs, string? NextCursor)> ListAsync(
        CallerIdentity caller, bool all, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (cursor is not null && !JobId.IsWellFormed(cursor))
        {
            throw new GatewayException(GatewayError.InvalidParams("Invalid cursor"));
        }

        limit = Math.Clamp(limit, 1, MaxPageSize);
        var owner = all && JobAccess.IsAdmin(caller) ? null : caller.UserId;
        var jobs = await store.ListAsync(owner, new JobPageRequest(limit + 1, cursor), cancellationToken);
        var visible = jobs.Where(j => JobAccess.CanSee(caller, j)).ToList();
        return jobs.Count > limit ? (visible.Take(limit).ToList(), jobs[limit - 1].Id) : (visible, null);
    }

    /// <summary>
    /// Waits until the job is finished (or the caller gives up): woken at once when its grain is on this node, else by
    /// reading the read model every <see cref="WaitPoll"/>.
    /// </summary>
    public async ValueTask<Job> WaitAsync(CallerIdentity caller, string id, CancellationToken cancellationToken)
    {
        using var changed = new SemaphoreSlim(0);
        void OnChanged(Job job)
        {
            if (job.Id == id)
            {
                changed.Release();
            }
        }

        changes.Changed += OnChanged;
        try
        {
            var poll = settings.PollInterval < WaitPoll ? settings.PollInterval : WaitPoll;
            while (true)
            {
                var job = await GetAsync(caller, id, cancellationToken);
                if (job.Status.IsTerminal())
                {
                    return job;
                }

                await changed.WaitAsync(poll, cancellationToken);
            }
        }
        finally
        {
            changes.Changed -= OnChanged;
        }
    }

    /// <summary>What the call answered: its result, its error, or why there is none (yet).</summary>
    public static CallResult Outcome(Job job) => job.Status switch
    {
        JobStatus.Succeeded => CallResult.Success(job.Result!.DeepClone()),
        JobStatus.Failed or JobStatus.Cancelled => CallResult.Failure(job.Error ?? new GatewayError(GatewayErrorKind.Internal, "The job failed")),
        JobStatus.Expired => CallResult.Failure(new GatewayError(GatewayErrorKind.JobExpired, $"Job '{job.Id}' has expired: its result is no longer kept")),
        _ => CallResult.Failure(new GatewayError(GatewayErrorKind.JobNotFinished, $"Job '{job.Id}' is {job.Status.Name()}; its result is not available yet")),
    };

    public static GatewayError Unknown(string id) => new(GatewayErrorKind.UnknownJob, $"Unknown job: '{id}'");
}
