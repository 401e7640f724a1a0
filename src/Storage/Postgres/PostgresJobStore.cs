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
        submit.BatchCommands.Add(Command(SubmitSql, [.. SubmitParameters(job), .. EventParameters(acceptance), P("max_active", (long)limits.MaxActive),
            P("max_stored", (long)limits.MaxStored)]));
        await submit.PrepareAsync(cancellationToken);
        await using var reader = await submit.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (stored, active, inserted) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2));
        return inserted ? JobSubmitOutcome.Accepted
            : active >= limits.MaxActive ? JobSubmitOutcome.TooManyActive
            : stored >= limits.MaxStored ? JobSubmitOutcome.TooManyStored
            : throw new InvalidOperationException($"Job {job.Id} was not stored, yet its owner is under both caps.");
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

    public async ValueTask<JobUpdate?> UpdateAsync(string id, Func<Job, Job?> transition, Func<Job, JobEvent?>? @event, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = (await connection.QueryPreparedAsync(transaction, SelectSql + " WHERE id = @id FOR UPDATE", Read, cancellationToken, P("id", id))).FirstOrDefault();
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
        var candidate = (await connection.QueryPreparedAsync(
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

    public async ValueTask<IReadOnlyList<string>> FindHeldAsync(string node, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            null, "SELECT id FROM jobs WHERE status = 'running' AND lease_owner = @node LIMIT @limit", r => r.GetString(0), cancellationToken, P("node", node), P("limit", limit));
    }

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
