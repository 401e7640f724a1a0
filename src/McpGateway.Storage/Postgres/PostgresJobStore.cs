using McpGateway.Core.Jobs;
using Npgsql;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Jobs in the <c>jobs</c> table, shared by every node; history in <c>job_events</c>. A change reads the row
/// <c>FOR UPDATE</c>, applies the domain's transition and writes it back in one transaction; a claim takes the oldest
/// claimable row with <c>FOR UPDATE SKIP LOCKED</c>, so nodes claiming at once never wait on, nor take, the same job.
/// A submit serialises on a per-owner advisory lock, so the per-user caps hold under concurrent submits.
/// </summary>
internal sealed partial class PostgresJobStore(PostgresDatabase database) : IJobStore
{
    public async ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // One round trip for the lock and the counts: in a batch each statement takes its own snapshot (READ
        // COMMITTED), so the counts see every job committed by whoever held the owner's lock before.
        (long Stored, long Active) counts;
        await using (var check = new NpgsqlBatch(connection, transaction))
        {
            check.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtextextended('mcpgw.jobs:' || @owner, 0))", P("owner", job.OwnerId)));
            check.BatchCommands.Add(Command(
                "SELECT count(*), count(*) FILTER (WHERE status IN ('queued', 'running')) FROM jobs WHERE owner_id = @owner", P("owner", job.OwnerId)));
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            counts = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (counts.Active >= limits.MaxActive)
        {
            return JobSubmitOutcome.TooManyActive;
        }

        if (counts.Stored >= limits.MaxStored)
        {
            return JobSubmitOutcome.TooManyStored;
        }

        // One round trip for the job and its acceptance event; the commit is the other.
        await using (var insert = new NpgsqlBatch(connection, transaction))
        {
            insert.BatchCommands.Add(Command(InsertSql, Parameters(job)));
            insert.BatchCommands.Add(Command(InsertEventSql, EventParameters(acceptance)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return JobSubmitOutcome.Accepted;
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
        return (await connection.QueryAsync(null, SelectSql + " WHERE id = @id", Read, cancellationToken, P("id", id))).FirstOrDefault();
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

    public async ValueTask<JobUpdate?> UpdateAsync(string id, Func<Job, Job?> transition, Func<Job, JobEvent?>? @event, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = (await connection.QueryAsync(transaction, SelectSql + " WHERE id = @id FOR UPDATE", Read, cancellationToken, P("id", id))).FirstOrDefault();
        if (current is null)
        {
            return null;
        }

        var next = transition(current);
        if (next is null)
        {
            return new JobUpdate(current, false);
        }

        await StoreAsync(connection, transaction, current, next, @event, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new JobUpdate(next, true);
    }

    public async ValueTask<Job?> ClaimAsync(string node, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var candidate = (await connection.QueryAsync(
            transaction,
            SelectSql + " WHERE status = 'queued' AND not_before <= @now ORDER BY not_before, created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
            Read,
            cancellationToken,
            P("now", now.ToUniversalTime()))).FirstOrDefault();
        if (candidate is null)
        {
            return null;
        }

        var claimed = JobLifecycle.Claim(candidate, node, now, lease);
        await StoreAsync(connection, transaction, candidate, claimed, j => Started(j, node), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    public ValueTask<IReadOnlyList<string>> FindLostAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        IdsAsync("SELECT id FROM jobs WHERE status = 'running' AND lease_expires_at <= @now LIMIT @limit", now, limit, cancellationToken);

    public ValueTask<IReadOnlyList<string>> FindExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        IdsAsync("SELECT id FROM jobs WHERE expires_at <= @now AND status IN ('succeeded', 'failed', 'cancelled') LIMIT @limit", now, limit, cancellationToken);

    public async ValueTask<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(null, "DELETE FROM jobs WHERE status = 'expired' AND expires_at <= @now", cancellationToken, P("now", now.ToUniversalTime()));
    }

    public async ValueTask<IReadOnlyList<JobEvent>> EventsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, "SELECT job_id, at, kind, node, detail::text FROM job_events WHERE job_id = @id ORDER BY id", ReadEvent, cancellationToken, P("id", id));
    }

    private async ValueTask<IReadOnlyList<string>> IdsAsync(string sql, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, sql, r => r.GetString(0), cancellationToken, P("now", now.ToUniversalTime()), P("limit", limit));
    }

    private static async Task StoreAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Job current, Job next, Func<Job, JobEvent?>? @event, CancellationToken cancellationToken)
    {
        var changed = await connection.ExecuteAsync(transaction, UpdateSql, cancellationToken, [.. Parameters(next), P("expected_version", current.Version)]);
        if (changed != 1)
        {
            throw new InvalidOperationException($"Job {current.Id} changed under a row lock.");
        }

        if (@event?.Invoke(next) is { } e)
        {
            await InsertEventAsync(connection, transaction, e, cancellationToken);
        }
    }
}
