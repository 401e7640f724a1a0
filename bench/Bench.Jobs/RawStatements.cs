using McpGateway.Core.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Bench.Jobs;

/// <summary>The baseline: the same rows written and read with plain statements, nothing else (no caps, no lock, no mapping).</summary>
internal sealed partial class JobBench
{
    private const string InsertJob =
        "INSERT INTO jobs (id, owner_id, tenant, roles, scope, tool, params, origin, session_id, idempotent, status, attempts, max_attempts, not_before, "
        + "runner, dispatched, progress, result, error, status_message, created_at, updated_at, started_at, finished_at, expires_at, "
        + "retention_ms, request_id, correlation_id, version) VALUES (@id, @owner, @tenant, @roles, NULL, @tool, @params, 'rest', NULL, false, 'queued', 0, 3, "
        + "@now, NULL, false, NULL, NULL, NULL, NULL, @now, @now, NULL, NULL, NULL, @retention, @request, @correlation, 0)";

    private const string InsertEvent = "INSERT INTO job_events (job_id, at, kind, node, detail) VALUES (@id, @now, 'accepted', NULL, @detail)";

    private static async Task RawInsertAsync(NpgsqlDataSource raw, Job job)
    {
        await using var connection = await raw.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(InsertJob, connection, transaction))
        {
            JobParameters(insert.Parameters, job);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var @event = new NpgsqlCommand(InsertEvent, connection, transaction))
        {
            EventParameters(@event.Parameters, job);
            await @event.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>The same two rows in one round trip: a batch without a transaction runs as one implicit transaction.</summary>
    private static async Task RawInsertBatchedAsync(NpgsqlDataSource raw, Job job)
    {
        await using var connection = await raw.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        var insert = new NpgsqlBatchCommand(InsertJob);
        JobParameters(insert.Parameters, job);
        var @event = new NpgsqlBatchCommand(InsertEvent);
        EventParameters(@event.Parameters, job);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(@event);
        await batch.ExecuteNonQueryAsync();
    }

    private static void JobParameters(NpgsqlParameterCollection parameters, Job job)
    {
        parameters.AddWithValue("id", job.Id);
        parameters.AddWithValue("owner", job.OwnerId);
        parameters.AddWithValue("tenant", job.Tenant!);
        parameters.AddWithValue("roles", job.Roles.ToArray());
        parameters.AddWithValue("tool", job.Tool);
        parameters.Add(new NpgsqlParameter("params", NpgsqlDbType.Json) { Value = job.Params.ToJsonString() });
        parameters.AddWithValue("now", job.CreatedAt.ToUniversalTime());
        parameters.AddWithValue("retention", (long)job.Retention.TotalMilliseconds);
        parameters.AddWithValue("request", job.RequestId);
        parameters.AddWithValue("correlation", job.CorrelationId);
    }

    private static void EventParameters(NpgsqlParameterCollection parameters, Job job)
    {
        parameters.AddWithValue("id", job.Id);
        parameters.AddWithValue("now", job.CreatedAt.ToUniversalTime());
        parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Json) { Value = Accepted(job).Detail.ToJsonString() });
    }

    private static async Task RawGetAsync(NpgsqlDataSource raw, string id)
    {
        await using var command = raw.CreateCommand("SELECT * FROM jobs WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // Materialise every column, as any reader of the row would; no mapping beyond that.
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    }
}
