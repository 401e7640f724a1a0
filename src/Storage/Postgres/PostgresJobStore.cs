using McpGateway.Core.Jobs;
using Npgsql;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// The jobs in the <c>jobs</c> table, shared by every node: the job grains' state and the read model at once; history in
/// <c>job_events</c>. Written by the job grains: a save moves a row forward only (a higher version) and stores its event
/// with it, in one statement. A submit serialises on a per-owner advisory lock, so the per-user caps hold under
/// concurrent submits.
/// </summary>
internal sealed partial class PostgresJobStore(PostgresDatabase database) : IJobStore
{
    public bool StoresReminders => true;

    public ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken) =>
        SubmitAsync(job, acceptance, limits, SubmitSql, [], cancellationToken);

    public ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, JobReminder reminder, CancellationToken cancellationToken) =>
        SubmitAsync(job, acceptance, limits, SubmitWithReminderSql, ReminderParameters(reminder), cancellationToken);

    private async ValueTask<JobSubmitOutcome> SubmitAsync(
        Job job, JobEvent acceptance, JobLimits limits, string sql, NpgsqlParameter[] reminder, CancellationToken cancellationToken)
    {
        // One round trip: a batch without an explicit transaction runs as one implicit transaction (one Sync), and
        // under READ COMMITTED each of its statements takes its own snapshot, so the counts (taken after the owner's
        // lock) see every job committed by whoever held the lock before. Prepared once per pooled connection.
        if (!job.IsNew)
        {
            throw new ArgumentException($"Job {job.Id} is not new: only new jobs are submitted.", nameof(job));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var submit = new NpgsqlBatch(connection);
        submit.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtextextended('mcpgw.jobs:' || @owner, 0))", P("owner", job.OwnerId)));
        submit.BatchCommands.Add(Command(sql, [.. SubmitParameters(job), .. EventParameters(acceptance), P("max_active", (long)limits.MaxActive),
            P("max_stored", (long)limits.MaxStored), .. reminder]));
        await submit.PrepareAsync(cancellationToken);
        await using var reader = await submit.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (stored, active, inserted, found) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2), reader.GetBoolean(3));
        return inserted ? JobSubmitOutcome.Accepted
            : found ? JobSubmitOutcome.AlreadyStored
            : active >= limits.MaxActive ? JobSubmitOutcome.TooManyActive
            : stored >= limits.MaxStored ? JobSubmitOutcome.TooManyStored
            : JobSubmitOutcome.AlreadyStored; // under both caps and not inserted: the same id was stored since the snapshot
    }

    private static NpgsqlBatchCommand Command(string sql, params IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        return command;
    }

    public async ValueTask<Job?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryPreparedAsync(null, SelectSql + " WHERE id = @id", Read, cancellationToken, P("id", id))).FirstOrDefault();
    }

    public async ValueTask<IReadOnlyList<Job>> ListAsync(string? ownerId, JobPageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            null,
            SelectSql + " WHERE (@owner::text IS NULL OR owner_id = @owner)"
            + " AND (@after::text IS NULL OR (created_at, id) < (SELECT created_at, id FROM jobs WHERE id = @after))"
            + " ORDER BY created_at DESC, id DESC LIMIT @limit",
            Read,
            cancellationToken,
            P("owner", ownerId),
            P("after", page.AfterId),
            P("limit", page.Limit));
    }

    public async ValueTask<bool> SaveAsync(Job job, JobEvent? @event, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var saved = await connection.QueryAsync(null, SaveSql, r => r.GetInt64(0), cancellationToken, [.. Parameters(job), .. OptionalEventParameters(job.Id, @event)]);
        return saved[0] == 1;
    }

    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, "DELETE FROM jobs WHERE id = @id", cancellationToken, P("id", id));
    }

    public async ValueTask<IReadOnlyList<string>> LiveIdsAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            null, "SELECT id FROM jobs WHERE (@after::text IS NULL OR id > @after) ORDER BY id LIMIT @limit", r => r.GetString(0), cancellationToken, P("after", afterId), P("limit", limit));
    }

    public async ValueTask<IReadOnlyList<JobEvent>> EventsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, "SELECT job_id, at, kind, node, detail::text FROM job_events WHERE job_id = @id ORDER BY id", ReadEvent, cancellationToken, P("id", id));
    }
}
