namespace McpGateway.Core.Jobs;

/// <summary>
/// The durable jobs of the cluster (embedded engine: SQLite; PostgreSQL engine: a table claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>). Every change goes through a <see cref="JobLifecycle"/> transition applied to the
/// row inside one transaction, so concurrent nodes never overwrite each other.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Stores a new job together with its acceptance event, in one transaction, unless the owner already has
    /// <paramref name="limits"/>' worth of active or stored jobs.
    /// </summary>
    ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken);

    ValueTask<Job?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Jobs newest first; only <paramref name="ownerId"/>'s when given (null: everyone's, for admins).</summary>
    ValueTask<IReadOnlyList<Job>> ListAsync(string? ownerId, JobPageRequest page, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="transition"/> to the job's current row and stores the result (with
    /// <paramref name="event"/> when given) unless it returned null. Returns the job as it is now, or null when unknown.
    /// </summary>
    ValueTask<JobUpdate?> UpdateAsync(string id, Func<Job, Job?> transition, Func<Job, JobEvent?>? @event, CancellationToken cancellationToken);

    /// <summary>Claims the oldest claimable job for <paramref name="node"/>, or returns null when there is none.</summary>
    ValueTask<Job?> ClaimAsync(string node, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Ids of running jobs whose lease ran out before <paramref name="now"/>.</summary>
    ValueTask<IReadOnlyList<string>> FindLostAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Ids of running jobs whose lease <paramref name="node"/> holds.</summary>
    ValueTask<IReadOnlyList<string>> FindHeldAsync(string node, int limit, CancellationToken cancellationToken);

    /// <summary>Ids of finished jobs past their retention, and of expired jobs past their purge time.</summary>
    ValueTask<IReadOnlyList<string>> FindExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes expired jobs whose purge time has come; returns how many.</summary>
    ValueTask<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The events of one job, oldest first (acceptance, attempts, outcome).</summary>
    ValueTask<IReadOnlyList<JobEvent>> EventsAsync(string id, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IJobStore.UpdateAsync"/>: the job now, and whether this call changed it.</summary>
public sealed record JobUpdate(Job Job, bool Changed);

/// <summary>Per-user caps checked when a job is stored.</summary>
public sealed record JobLimits(int MaxActive, int MaxStored);

/// <summary>A page of a listing: jobs created before the cursor's job (null: from the newest).</summary>
public sealed record JobPageRequest(int Limit, string? AfterId = null);

public enum JobSubmitOutcome
{
    Accepted,
    TooManyActive,
    TooManyStored,
}
