using System.Collections.Concurrent;
using McpGateway.Core.Jobs;

namespace McpGateway.Grains.Tests.Jobs;

/// <summary>
/// A silo's <see cref="IJobStore"/> (the jobs table, the job grains' state) as the grains use it, with what the tests
/// need to see and break: how often each job's row was read, a submit that dies before its row is stored, and whether
/// the reminder's row is stored with the job's (PostgreSQL) or registered before it (the embedded engine).
/// </summary>
internal sealed class ProbedJobStore(IJobStore store) : IJobStore
{
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failing = new(StringComparer.Ordinal);

    /// <summary>How often the row of job <paramref name="id"/> was read through this store.</summary>
    public int Reads(string id) => _reads.TryGetValue(id, out var reads) ? reads : 0;

    /// <summary>Submits of job <paramref name="id"/> fail from now on without storing anything.</summary>
    public void FailSubmitsOf(string id) => _failing[id] = 0;

    /// <summary>
    /// Whether submits store the reminder row with the job's row, as the PostgreSQL store does; false: the grains
    /// register their reminders first, as on the embedded engine (reminders in memory).
    /// </summary>
    public bool StoresReminders { get; set; } = store.StoresReminders;

    public ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken) =>
        _failing.ContainsKey(job.Id) ? throw Lost(job) : store.SubmitAsync(job, acceptance, limits, cancellationToken);

    public ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, JobReminder reminder, CancellationToken cancellationToken) =>
        _failing.ContainsKey(job.Id) ? throw Lost(job) : store.SubmitAsync(job, acceptance, limits, reminder, cancellationToken);

    private static IOException Lost(Job job) => new($"Job {job.Id}: the connection to the database was lost before the row was stored");

    public ValueTask<bool> SaveAsync(Job job, JobEvent? @event, CancellationToken cancellationToken) => store.SaveAsync(job, @event, cancellationToken);

    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => store.DeleteAsync(id, cancellationToken);

    public ValueTask<Job?> GetAsync(string id, CancellationToken cancellationToken)
    {
        _reads.AddOrUpdate(id, 1, (_, reads) => reads + 1);
        return store.GetAsync(id, cancellationToken);
    }

    public ValueTask<IReadOnlyList<Job>> ListAsync(string? ownerId, JobPageRequest page, CancellationToken cancellationToken) => store.ListAsync(ownerId, page, cancellationToken);

    public ValueTask<IReadOnlyList<string>> LiveIdsAsync(string? afterId, int limit, CancellationToken cancellationToken) => store.LiveIdsAsync(afterId, limit, cancellationToken);

    public ValueTask<IReadOnlyList<JobEvent>> EventsAsync(string id, CancellationToken cancellationToken) => store.EventsAsync(id, cancellationToken);
}
