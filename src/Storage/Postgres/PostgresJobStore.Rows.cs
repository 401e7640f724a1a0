using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Storage.Rows;
using Npgsql;
using NpgsqlTypes;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>The SQL of <see cref="PostgresJobStore"/> and the mapping between rows and <see cref="Job"/>.</summary>
internal sealed partial class PostgresJobStore
{
    private const string Columns =
        "id, owner_id, tenant, roles, scope, tool, params, origin, session_id, idempotent, status, attempts, max_attempts, not_before, "
        + "runner, dispatched, progress, result, error, status_message, created_at, updated_at, started_at, "
        + "finished_at, expires_at, retention_ms, request_id, correlation_id, version";

    // json columns are read as text so they come back exactly as stored.
    private const string SelectSql =
        "SELECT id, owner_id, tenant, roles, scope, tool, params::text, origin, session_id, idempotent, status, attempts, max_attempts, not_before, "
        + "runner, dispatched, progress::text, result::text, error::text, status_message, created_at, updated_at, started_at, "
        + "finished_at, expires_at, retention_ms, request_id, correlation_id, version FROM jobs";

    // Whether the id already has a row (a repeated submit: nothing is written), the owner's counts, and the job and its
    // acceptance event only when neither the id is taken nor a cap reached: one statement, run after the owner's
    // advisory lock (its snapshot is taken then). A new job's other columns are constants (Job.IsNew).
    private const string SubmitSql = SubmitCtes + SubmitAnswer;

    private const string SubmitCtes =
        "WITH existing AS (SELECT EXISTS (SELECT FROM jobs WHERE id = @id) AS found), "
        + "counts AS (SELECT count(*) AS stored, count(*) FILTER (WHERE status IN ('queued', 'running')) AS active FROM jobs WHERE owner_id = @owner_id), "
        + "job AS (INSERT INTO jobs (" + Columns + ") SELECT @id, @owner_id, @tenant, @roles, @scope, @tool, @params, @origin, @session_id, "
        + "@idempotent, 'queued', 0, @max_attempts, @not_before, NULL, false, NULL, NULL, NULL, NULL, @created_at, @updated_at, NULL, "
        + "NULL, NULL, @retention_ms, @request_id, @correlation_id, 0 FROM counts, existing "
        + "WHERE NOT existing.found AND active < @max_active AND stored < @max_stored ON CONFLICT (id) DO NOTHING RETURNING id), "
        + "accepted AS (INSERT INTO job_events (job_id, at, kind, node, detail) SELECT @job_id, @at, @kind, @node, @detail FROM job) ";

    private const string SubmitAnswer = "SELECT stored, active, EXISTS (SELECT FROM job), found FROM counts, existing";

    // The same, and the job grain's reminder row only when the job's row was inserted: what Orleans' upsert_reminder_row
    // (migration 008) writes, a row left behind (a purge cut short) replaced with a higher version.
    private const string SubmitWithReminderSql = SubmitCtes
        + ", reminder AS (INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version) "
        + "SELECT @r_service, @r_grain, @r_name, @r_start, @r_period, @r_hash, 0 FROM job "
        + "ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE SET StartTime = excluded.StartTime, Period = excluded.Period, "
        + "GrainHash = excluded.GrainHash, Version = OrleansRemindersTable.Version + 1) "
        + SubmitAnswer;

    /// <summary>The parameters of the reminder row of <see cref="SubmitWithReminderSql"/>, as Orleans' ADO.NET reminder table binds them.</summary>
    private static NpgsqlParameter[] ReminderParameters(JobReminder reminder) =>
    [
        P("r_service", reminder.ServiceId),
        P("r_grain", reminder.GrainId),
        P("r_name", reminder.Name),
        P("r_start", reminder.StartAt.UtcDateTime),
        P("r_period", (long)reminder.Period.TotalMilliseconds),
        P("r_hash", unchecked((int)reminder.GrainHash)),
    ];

    /// <summary>The parameters of <see cref="SubmitSql"/>: what a new job does not hold as a constant.</summary>
    private static readonly HashSet<string> Submitted =
    [
        "id", "owner_id", "tenant", "roles", "scope", "tool", "params", "origin", "session_id", "idempotent", "max_attempts",
        "not_before", "created_at", "updated_at", "retention_ms", "request_id", "correlation_id",
    ];

    private static NpgsqlParameter[] SubmitParameters(Job job) => [.. Parameters(job).Where(p => Submitted.Contains(p.ParameterName))];

    // Only what transitions change (the submitted call: owner, tool, params … never changes), and only forward: a
    // version the row already holds, or an older one, is not written again. The event is stored only with a change;
    // the statement answers how many rows it changed (0 or 1).
    private const string SaveSql = "WITH saved AS (UPDATE jobs SET status = @status, attempts = @attempts, not_before = @not_before, "
        + "runner = @runner, dispatched = @dispatched, progress = @progress, "
        + "result = @result, error = @error, status_message = @status_message, updated_at = @updated_at, started_at = @started_at, "
        + "finished_at = @finished_at, expires_at = @expires_at, version = @version WHERE id = @id AND version < @version RETURNING id), "
        + "logged AS (INSERT INTO job_events (job_id, at, kind, node, detail) SELECT @job_id, @at, @kind, @node, @detail FROM saved WHERE @kind::text IS NOT NULL) "
        + "SELECT count(*) FROM saved";

    private static NpgsqlParameter[] Parameters(Job job) =>
    [
        P("id", job.Id),
        P("owner_id", job.OwnerId),
        Text("tenant", job.Tenant),
        P("roles", job.Roles.ToArray()),
        Text("scope", job.Scope),
        P("tool", job.Tool),
        Json("params", job.Params.ToJsonString()),
        P("origin", job.Origin.ToString().ToLowerInvariant()),
        Text("session_id", job.SessionId),
        P("idempotent", job.Idempotent),
        P("status", job.Status.Name()),
        P("attempts", job.Attempts),
        P("max_attempts", job.MaxAttempts),
        P("not_before", job.NotBefore.ToUniversalTime()),
        Text("runner", job.Runner),
        P("dispatched", job.Dispatched),
        Json("progress", job.Progress?.ToJsonString()),
        Json("result", job.Result?.ToJsonString()),
        Json("error", job.Error is null ? null : JobErrorJson.Write(job.Error)),
        Text("status_message", job.StatusMessage),
        P("created_at", job.CreatedAt.ToUniversalTime()),
        P("updated_at", job.UpdatedAt.ToUniversalTime()),
        new("started_at", NpgsqlDbType.TimestampTz) { Value = (object?)job.StartedAt?.ToUniversalTime() ?? DBNull.Value },
        new("finished_at", NpgsqlDbType.TimestampTz) { Value = (object?)job.FinishedAt?.ToUniversalTime() ?? DBNull.Value },
        new("expires_at", NpgsqlDbType.TimestampTz) { Value = (object?)job.ExpiresAt?.ToUniversalTime() ?? DBNull.Value },
        P("retention_ms", (long)job.Retention.TotalMilliseconds),
        P("request_id", job.RequestId),
        P("correlation_id", job.CorrelationId),
        P("version", job.Version),
    ];

    /// <summary>A text parameter typed even when null, so a prepared statement keeps one signature.</summary>
    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Json(string name, string? json) => new(name, NpgsqlDbType.Json) { Value = (object?)json ?? DBNull.Value };

    private static Job Read(NpgsqlDataReader r) => JobRows.Read(r, EngineColumns.Postgres);

    private static NpgsqlParameter[] EventParameters(JobEvent e) =>
    [
        P("job_id", e.JobId),
        P("at", e.At.ToUniversalTime()),
        P("kind", e.Kind),
        new NpgsqlParameter("node", NpgsqlDbType.Text) { Value = (object?)e.Node ?? DBNull.Value },
        Json("detail", e.Detail.ToJsonString()),
    ];

    /// <summary>The event parameters of <see cref="SaveSql"/>, all null (typed) when there is no event.</summary>
    private static NpgsqlParameter[] OptionalEventParameters(string jobId, JobEvent? e) => e is not null ? EventParameters(e) :
    [
        P("job_id", jobId),
        new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = DBNull.Value },
        new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = DBNull.Value },
        new NpgsqlParameter("node", NpgsqlDbType.Text) { Value = DBNull.Value },
        Json("detail", null),
    ];

    private static JobEvent ReadEvent(NpgsqlDataReader r) => JobRows.ReadEvent(r, EngineColumns.Postgres);
}
