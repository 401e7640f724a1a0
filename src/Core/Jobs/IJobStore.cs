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
    /// Whether this store's database holds the silo's reminder table (PostgreSQL), so that a new job's reminder row can
    /// be stored in its submit's transaction (<see cref="SubmitAsync(Job, JobEvent, JobLimits, JobReminder, CancellationToken)"/>).
    /// </summary>
    bool StoresReminders => false;

    /// <summary>
    /// As <see cref="SubmitAsync(Job, JobEvent, JobLimits, CancellationToken)"/>, and when the job's row is inserted its
    /// grain's reminder row is stored (inserted, or replaced when one was left behind) in the same transaction: a stored
    /// job always has its reminder, a refused or repeated submit writes none. Only when <see cref="StoresReminders"/>.
    /// </summary>
    ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, JobReminder reminder, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This job store does not hold the silo's reminder table.");

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

/// <summary>
/// A job grain's durable reminder as a row of the silo's reminder table (Orleans' <c>OrleansRemindersTable</c>): the
/// service, the grain's id as text and its uniform hash (which silo's reminder service serves the row), the reminder's
/// name, its first tick and its period. A reminder service that did not write the row itself loads it at its next
/// read of the table (its periodic refresh, or a change of its range when a silo joins or dies).
/// </summary>
public sealed record JobReminder(string ServiceId, string GrainId, uint GrainHash, string Name, DateTimeOffset StartAt, TimeSpan Period);

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
