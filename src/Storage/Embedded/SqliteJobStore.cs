using McpGateway.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// Jobs in the <c>jobs</c> table, history in <c>job_events</c>. Every write is one <c>BEGIN IMMEDIATE</c> transaction
/// that reads the row, applies the domain's transition and writes it back, so writers (this process's, and another
/// process on the same file) are serialised by SQLite's write lock and none overwrites another. In this process writers
/// queue on an async gate instead of blocking threads on the lock.
/// </summary>
internal sealed partial class SqliteJobStore(SqliteDatabase database) : IJobStore, IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public async ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken)
    {
        return await WriteAsync(transaction =>
        {
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

    public async ValueTask<JobUpdate?> UpdateAsync(string id, Func<Job, Job?> transition, Func<Job, JobEvent?>? @event, CancellationToken cancellationToken)
    {
        return await WriteAsync(transaction =>
        {
            var current = transaction.Query(SelectSql + " WHERE id = $id", Read, ("$id", id)).FirstOrDefault();
            if (current is null)
            {
                return null;
            }

            var next = transition(current);
            if (next is null)
            {
                return new JobUpdate(current, false);
            }

            Store(transaction, current, next, @event);
            return new JobUpdate(next, true);
        }, cancellationToken);
    }

    public async ValueTask<Job?> ClaimAsync(string node, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        return await WriteAsync(transaction =>
        {
            var candidate = transaction.Query(
                SelectSql + " WHERE status = 'queued' AND not_before <= $now ORDER BY not_before, created_at LIMIT 1",
                Read,
                ("$now", now.ToUnixTimeMilliseconds())).FirstOrDefault();
            if (candidate is null)
            {
                return null;
            }

            var claimed = JobLifecycle.Claim(candidate, node, now, lease);
            Store(transaction, candidate, claimed, j => Started(j, node));
            return claimed;
        }, cancellationToken);
    }

    public ValueTask<IReadOnlyList<string>> FindLostAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Ids("SELECT id FROM jobs WHERE status = 'running' AND lease_expires_at <= $now LIMIT $limit", now, limit, cancellationToken);

    public ValueTask<IReadOnlyList<string>> FindHeldAsync(string node, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        IReadOnlyList<string> ids = connection.Query(
            "SELECT id FROM jobs WHERE status = 'running' AND lease_owner = $node LIMIT $limit", r => r.GetString(0), ("$node", node), ("$limit", limit));
        return new ValueTask<IReadOnlyList<string>>(ids);
    }

    public ValueTask<IReadOnlyList<string>> FindExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Ids("SELECT id FROM jobs WHERE expires_at <= $now AND status IN ('succeeded', 'failed', 'cancelled') LIMIT $limit", now, limit, cancellationToken);

    public async ValueTask<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(
            transaction => transaction.Execute("DELETE FROM jobs WHERE status = 'expired' AND expires_at <= $now", ("$now", now.ToUnixTimeMilliseconds())),
            cancellationToken);

    public ValueTask<IReadOnlyList<JobEvent>> EventsAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        IReadOnlyList<JobEvent> events = connection.Query(
            "SELECT job_id, at, kind, node, detail FROM job_events WHERE job_id = $id ORDER BY id", ReadEvent, ("$id", id));
        return new ValueTask<IReadOnlyList<JobEvent>>(events);
    }

    public void Dispose() => _writeGate.Dispose();

    private ValueTask<IReadOnlyList<string>> Ids(string sql, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        IReadOnlyList<string> ids = connection.Query(sql, r => r.GetString(0), ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));
        return new ValueTask<IReadOnlyList<string>>(ids);
    }

    private static void Store(SqliteTransaction transaction, Job current, Job next, Func<Job, JobEvent?>? @event)
    {
        var changed = transaction.Execute(UpdateSql, [.. Parameters(next), ("$expected_version", current.Version)]);
        if (changed != 1)
        {
            throw new InvalidOperationException($"Job {current.Id} changed under a write lock.");
        }

        if (@event?.Invoke(next) is { } e)
        {
            InsertEvent(transaction, e);
        }
    }

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
