using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

internal sealed partial class SqliteJobStore
{
    private const string Columns =
        "id, owner_id, tenant, roles, scope, tool, params, origin, session_id, idempotent, status, attempts, max_attempts, not_before, "
        + "lease_owner, lease_expires_at, dispatched, progress, result, error, status_message, created_at, updated_at, started_at, "
        + "finished_at, expires_at, retention_ms, request_id, correlation_id, version";

    private const string SelectSql = "SELECT " + Columns + " FROM jobs";

    private const string InsertSql = "INSERT INTO jobs (" + Columns + ") VALUES ($id, $owner_id, $tenant, $roles, $scope, $tool, $params, "
        + "$origin, $session_id, $idempotent, $status, $attempts, $max_attempts, $not_before, $lease_owner, $lease_expires_at, $dispatched, "
        + "$progress, $result, $error, $status_message, $created_at, $updated_at, $started_at, $finished_at, $expires_at, $retention_ms, "
        + "$request_id, $correlation_id, $version)";

    // Only what transitions change; the submitted call (owner, tool, params …) never changes.
    private const string UpdateSql = "UPDATE jobs SET status = $status, attempts = $attempts, not_before = $not_before, "
        + "lease_owner = $lease_owner, lease_expires_at = $lease_expires_at, dispatched = $dispatched, progress = $progress, "
        + "result = $result, error = $error, status_message = $status_message, updated_at = $updated_at, started_at = $started_at, "
        + "finished_at = $finished_at, expires_at = $expires_at, version = $version WHERE id = $id AND version = $expected_version";

    private static (string, object?)[] Parameters(Job job) =>
    [
        ("$id", job.Id),
        ("$owner_id", job.OwnerId),
        ("$tenant", job.Tenant),
        ("$roles", new JsonArray([.. job.Roles.Select(r => JsonValue.Create(r))]).ToJsonString()),
        ("$scope", job.Scope),
        ("$tool", job.Tool),
        ("$params", job.Params.ToJsonString()),
        ("$origin", job.Origin.ToString().ToLowerInvariant()),
        ("$session_id", job.SessionId),
        ("$idempotent", job.Idempotent ? 1 : 0),
        ("$status", job.Status.Name()),
        ("$attempts", job.Attempts),
        ("$max_attempts", job.MaxAttempts),
        ("$not_before", job.NotBefore.ToUnixTimeMilliseconds()),
        ("$lease_owner", job.LeaseOwner),
        ("$lease_expires_at", job.LeaseExpiresAt?.ToUnixTimeMilliseconds()),
        ("$dispatched", job.Dispatched ? 1 : 0),
        ("$progress", job.Progress?.ToJsonString()),
        ("$result", job.Result?.ToJsonString()),
        ("$error", job.Error is null ? null : JobErrorJson.Write(job.Error)),
        ("$status_message", job.StatusMessage),
        ("$created_at", job.CreatedAt.ToUnixTimeMilliseconds()),
        ("$updated_at", job.UpdatedAt.ToUnixTimeMilliseconds()),
        ("$started_at", job.StartedAt?.ToUnixTimeMilliseconds()),
        ("$finished_at", job.FinishedAt?.ToUnixTimeMilliseconds()),
        ("$expires_at", job.ExpiresAt?.ToUnixTimeMilliseconds()),
        ("$retention_ms", (long)job.Retention.TotalMilliseconds),
        ("$request_id", job.RequestId),
        ("$correlation_id", job.CorrelationId),
        ("$version", job.Version),
    ];

    private static Job Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        OwnerId = r.GetString(1),
        Tenant = NullableString(r, 2),
        Roles = JsonNode.Parse(r.GetString(3))!.AsArray().Select(n => n!.GetValue<string>()).ToArray(),
        Scope = NullableString(r, 4),
        Tool = r.GetString(5),
        Params = JsonNode.Parse(r.GetString(6))!.AsObject(),
        Origin = Enum.Parse<JobOrigin>(r.GetString(7), ignoreCase: true),
        SessionId = NullableString(r, 8),
        Idempotent = r.GetInt64(9) == 1,
        Status = JobStatusExtensions.Parse(r.GetString(10)),
        Attempts = r.GetInt32(11),
        MaxAttempts = r.GetInt32(12),
        NotBefore = Time(r.GetInt64(13)),
        LeaseOwner = NullableString(r, 14),
        LeaseExpiresAt = NullableTime(r, 15),
        Dispatched = r.GetInt64(16) == 1,
        Progress = r.IsDBNull(17) ? null : JsonNode.Parse(r.GetString(17))!.AsObject(),
        Result = r.IsDBNull(18) ? null : JsonNode.Parse(r.GetString(18)),
        Error = r.IsDBNull(19) ? null : JobErrorJson.Read(r.GetString(19)),
        StatusMessage = NullableString(r, 20),
        CreatedAt = Time(r.GetInt64(21)),
        UpdatedAt = Time(r.GetInt64(22)),
        StartedAt = NullableTime(r, 23),
        FinishedAt = NullableTime(r, 24),
        ExpiresAt = NullableTime(r, 25),
        Retention = TimeSpan.FromMilliseconds(r.GetInt64(26)),
        RequestId = r.GetString(27),
        CorrelationId = r.GetString(28),
        Version = r.GetInt64(29),
    };

    private static JobEvent Started(Job job, string node) =>
        new(job.Id, job.UpdatedAt, "started", node, new JsonObject { ["attempt"] = job.Attempts });

    private static void InsertEvent(SqliteTransaction transaction, JobEvent e) => transaction.Execute(
        "INSERT INTO job_events (job_id, at, kind, node, detail) VALUES ($job_id, $at, $kind, $node, $detail)",
        ("$job_id", e.JobId),
        ("$at", e.At.ToUnixTimeMilliseconds()),
        ("$kind", e.Kind),
        ("$node", e.Node),
        ("$detail", e.Detail.ToJsonString()));

    private static JobEvent ReadEvent(SqliteDataReader r) =>
        new(r.GetString(0), Time(r.GetInt64(1)), r.GetString(2), NullableString(r, 3), JsonNode.Parse(r.GetString(4))!.AsObject());

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? NullableTime(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetInt64(i));
}
