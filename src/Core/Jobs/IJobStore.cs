namespace McpGateway.Core.Jobs;

/// <summary>
/// The jobs table: one row per job in the engine's database (embedded engine: SQLite; PostgreSQL engine: the cluster's
/// database). It is the job grains' persisted state (a grain reads its row when it is activated for an existing job and
/// writes every change there) and the read model that listings, lookups by id from any node and the per-user caps
/// read; only a job's grain writes its row. Each job's history (<c>job_events</c>) is written with the change it describes.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Stores a new job's row together with its acceptance event, in one transaction, unless the owner already has
    /// <paramref name="limits"/>' worth of active or stored jobs, or the job's id already has a row
    /// (<see cref="JobSubmitOutcome.AlreadyStored"/>: a repeated submit; nothing is written and the caps are not counted).
    /// </summary>
    ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the job's row as <paramref name="job"/> (and <paramref name="event"/> with it, when given) unless the row
    /// already holds this version or a later one, or there is no row; whether it was written.
    /// </summary>
    ValueTask<bool> SaveAsync(Job job, JobEvent? @event, CancellationToken cancellationToken);

    /// <summary>Deletes the job's row (its history stays).</summary>
    ValueTask DeleteAsync(string id, CancellationToken cancellationToken);

    ValueTask<Job?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Jobs newest first; only <paramref name="ownerId"/>'s when given (null: everyone's, for admins).</summary>
    ValueTask<IReadOnlyList<Job>> ListAsync(string? ownerId, JobPageRequest page, CancellationToken cancellationToken);

    /// <summary>Ids of jobs that still need their grain (not yet purged), in id order after <paramref name="afterId"/>.</summary>
    ValueTask<IReadOnlyList<string>> LiveIdsAsync(string? afterId, int limit, CancellationToken cancellationToken);

    /// <summary>The events of one job, oldest first (acceptance, attempts, outcome).</summary>
    ValueTask<IReadOnlyList<JobEvent>> EventsAsync(string id, CancellationToken cancellationToken);
}

/// <summary>Per-user caps checked when a job is stored.</summary>
public sealed record JobLimits(int MaxActive, int MaxStored);

/// <summary>A page of a listing: jobs created before the cursor's job (null: from the newest).</summary>
public sealed record JobPageRequest(int Limit, string? AfterId = null);

public enum JobSubmitOutcome
{
    Accepted,
    TooManyActive,
    TooManyStored,

    /// <summary>The job's id already has a row: the submit was repeated (nothing was written).</summary>
    AlreadyStored,
}
