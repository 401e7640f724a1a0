using McpGateway.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// The jobs in the <c>jobs</c> table (the job grains' state and the read model at once), history in <c>job_events</c>,
/// written by the job grains. Every write is
/// one <c>BEGIN IMMEDIATE</c> transaction (a submit counts the owner's jobs and inserts in it, so the caps hold); a
/// row only moves forward (a higher version). In this process writers queue on an async gate instead of blocking
/// threads on SQLite's write lock.
/// </summary>
internal sealed partial class SqliteJobStore(SqliteDatabase database) : IJobStore, IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public async ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken)
    {
        return await WriteAsync(transaction =>
        {
            if (transaction.Query("SELECT 1 FROM jobs WHERE id = $id", r => r.GetInt32(0), ("$id", job.Id)).Count > 0)
            {
                return JobSubmitOutcome.AlreadyStored;
            }

            var counts = transaction.Query(
                "SELECT count(*), coalesce(sum(status IN ('queued', 'running')), 0) FROM jobs WHERE owner_id = $owner",
                r => (Stored: r.GetInt32(0), Active: r.GetInt32(1)),
                ("$owner", job.OwnerId))[0];
            if (counts.Active >= limits.MaxActive)
            {
                return JobSubmitOutcome.TooManyActive;
            }

            if (counts.Stored >= limits.MaxStored)
            {
                return JobSubmitOutcome.TooManyStored;
            }

            transaction.Execute(InsertSql, Parameters(job));
            InsertEvent(transaction, acceptance);
            return JobSubmitOutcome.Accepted;
        }, cancellationToken);
    }

    public ValueTask<Job?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        return new ValueTask<Job?>(connection.Query(SelectSql + " WHERE id = $id", Read, ("$id", id)).FirstOrDefault());
    }

    public ValueTask<IReadOnlyList<Job>> ListAsync(string? ownerId, JobPageRequest page, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        var sql = SelectSql + " WHERE ($owner IS NULL OR owner_id = $owner)"
            + " AND ($after IS NULL OR (created_at, id) < (SELECT created_at, id FROM jobs WHERE id = $after))"
            + " ORDER BY created_at DESC, id DESC LIMIT $limit";
        IReadOnlyList<Job> jobs = connection.Query(sql, Read, ("$owner", ownerId), ("$after", page.AfterId), ("$limit", page.Limit));
        return new ValueTask<IReadOnlyList<Job>>(jobs);
    }

    public async ValueTask<bool> SaveAsync(Job job, JobEvent? @event, CancellationToken cancellationToken) =>
        await WriteAsync(transaction =>
        {
            if (transaction.Execute(UpdateSql, Parameters(job)) != 1)
            {
                return false;
            }

            if (@event is not null)
            {
                InsertEvent(transaction, @event);
            }

            return true;
        }, cancellationToken);

    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken) =>
        await WriteAsync(transaction => transaction.Execute("DELETE FROM jobs WHERE id = $id", ("$id", id)), cancellationToken);

    public ValueTask<IReadOnlyList<string>> LiveIdsAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        IReadOnlyList<string> ids = connection.Query(
            "SELECT id FROM jobs WHERE ($after IS NULL OR id > $after) ORDER BY id LIMIT $limit", r => r.GetString(0), ("$after", afterId), ("$limit", limit));
        return new ValueTask<IReadOnlyList<string>>(ids);
    }

    public ValueTask<IReadOnlyList<JobEvent>> EventsAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        IReadOnlyList<JobEvent> events = connection.Query(
            "SELECT job_id, at, kind, node, detail FROM job_events WHERE job_id = $id ORDER BY id", ReadEvent, ("$id", id));
        return new ValueTask<IReadOnlyList<JobEvent>>(events);
    }

    public void Dispose() => _writeGate.Dispose();

    private async ValueTask<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = database.Open();
            using var transaction = SqliteDatabase.BeginWrite(connection);
            var result = work(transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
