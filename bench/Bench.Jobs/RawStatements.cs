using McpGateway.Core.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Bench.Jobs;

/// <summary>
/// The baseline: the rows a submit leaves in the database, written with plain INSERTs and nothing else (no caps, no
/// lock, no grain, no mapping): the job's row (<c>jobs</c>: the job grain's state and the read model at once) and its
/// acceptance event (<c>job_events</c>), and its reminder (<c>OrleansRemindersTable</c>: service, grain id and period
/// as the silo writes them).
/// </summary>
internal sealed class RawStatements(NpgsqlDataSource raw, RawTemplate template)
{
    private const string InsertJob =
        "INSERT INTO jobs (id, owner_id, tenant, roles, scope, tool, params, origin, session_id, idempotent, status, attempts, max_attempts, not_before, "
        + "runner, dispatched, progress, result, error, status_message, created_at, updated_at, started_at, finished_at, expires_at, "
        + "retention_ms, request_id, correlation_id, version) VALUES (@id, @owner, @tenant, @roles, NULL, @tool, @params, 'rest', NULL, @idempotent, 'queued', 0, @max_attempts, "
        + "@not_before, NULL, false, NULL, NULL, NULL, NULL, @now, @now, NULL, NULL, NULL, @retention, @request, @correlation, 0)";

    private const string InsertEvent = "INSERT INTO job_events (job_id, at, kind, node, detail) VALUES (@id, @now, 'accepted', NULL, @detail)";

    private const string InsertReminder =
        "INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version) "
        + "VALUES (@service, @grain, @name, @start, @period, @hash, 0)";

    /// <summary>Three INSERTs, each its own statement and round trip (autocommit), one after the other on one connection.</summary>
    public async Task InsertAsync(Job job, JobEvent acceptance)
    {
        await using var connection = await raw.OpenConnectionAsync();
        foreach (var command in Commands(job, acceptance))
        {
            await using var single = new NpgsqlCommand(command.CommandText, connection);
            foreach (NpgsqlParameter parameter in command.Parameters)
            {
                single.Parameters.Add(parameter.Clone());
            }

            await single.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The same three INSERTs as one batch: one round trip, one implicit transaction.</summary>
    public async Task InsertBatchedAsync(Job job, JobEvent acceptance)
    {
        await using var connection = await raw.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in Commands(job, acceptance))
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private IEnumerable<NpgsqlBatchCommand> Commands(Job job, JobEvent acceptance)
    {
        var insert = new NpgsqlBatchCommand(InsertJob);
        var p = insert.Parameters;
        p.AddWithValue("id", job.Id);
        p.AddWithValue("owner", job.OwnerId);
        p.AddWithValue("tenant", job.Tenant!);
        p.AddWithValue("roles", job.Roles.ToArray());
        p.AddWithValue("tool", job.Tool);
        p.Add(new NpgsqlParameter("params", NpgsqlDbType.Json) { Value = job.Params.ToJsonString() });
        p.AddWithValue("idempotent", job.Idempotent);
        p.AddWithValue("max_attempts", job.MaxAttempts);
        p.AddWithValue("not_before", job.NotBefore.ToUniversalTime());
        p.AddWithValue("now", job.CreatedAt.ToUniversalTime());
        p.AddWithValue("retention", (long)job.Retention.TotalMilliseconds);
        p.AddWithValue("request", job.RequestId);
        p.AddWithValue("correlation", job.CorrelationId);
        yield return insert;

        var @event = new NpgsqlBatchCommand(InsertEvent);
        @event.Parameters.AddWithValue("id", job.Id);
        @event.Parameters.AddWithValue("now", acceptance.At.ToUniversalTime());
        @event.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Json) { Value = acceptance.Detail.ToJsonString() });
        yield return @event;

        var reminder = new NpgsqlBatchCommand(InsertReminder);
        reminder.Parameters.AddWithValue("service", template.ServiceId);
        reminder.Parameters.AddWithValue("grain", template.ReminderGrainPrefix + job.Id + template.ReminderGrainSuffix);
        reminder.Parameters.AddWithValue("name", template.ReminderName);
        reminder.Parameters.AddWithValue("start", job.CreatedAt.ToUniversalTime());
        reminder.Parameters.AddWithValue("period", template.ReminderPeriod);
        reminder.Parameters.AddWithValue("hash", job.Id.GetHashCode(StringComparison.Ordinal));
        yield return reminder;
    }
}

/// <summary>
/// How the silo keys a job grain's reminder row, read from the row a real submit left (so the raw rows have the same
/// key shapes and sizes): the service id, the reminder's name and period, and the text around the job id in its grain id.
/// </summary>
internal sealed record RawTemplate(string ServiceId, string ReminderGrainPrefix, string ReminderGrainSuffix, string ReminderName, long ReminderPeriod)
{
    public static async Task<RawTemplate> ReadAsync(NpgsqlDataSource raw, string jobId)
    {
        await using var reminder = raw.CreateCommand("SELECT serviceid, grainid, remindername, period FROM OrleansRemindersTable WHERE grainid LIKE '%' || @id || '%'");
        reminder.Parameters.AddWithValue("id", jobId);
        await using var reminderRow = await reminder.ExecuteReaderAsync();
        if (!await reminderRow.ReadAsync())
        {
            throw new InvalidOperationException($"No reminder row for job {jobId}.");
        }

        var grainId = reminderRow.GetString(1);
        var at = grainId.IndexOf(jobId, StringComparison.Ordinal);
        return new RawTemplate(reminderRow.GetString(0), grainId[..at], grainId[(at + jobId.Length)..], reminderRow.GetString(2), reminderRow.GetInt64(3));
    }
}
