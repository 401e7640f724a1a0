using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

internal sealed partial class SqliteJobStore
{
    private const string Columns =
        "id, owner_id, tenant, roles, scope, tool, params, origin, session_id, idempotent, status, attempts, max_attempts, not_before, "
        + "runner, dispatched, progress, result, error, status_message, created_at, updated_at, started_at, "
        + "finished_at, expires_at, retention_ms, request_id, correlation_id, version";

    private const string SelectSql = "SELECT " + Columns + " FROM jobs";

    private const string InsertSql = "INSERT INTO jobs (" + Columns + ") VALUES ($id, $owner_id, $tenant, $roles, $scope, $tool, $params, "
        + "$origin, $session_id, $idempotent, $status, $attempts, $max_attempts, $not_before, $runner, $dispatched, "
        + "$progress, $result, $error, $status_message, $created_at, $updated_at, $started_at, $finished_at, $expires_at, $retention_ms, "
        + "$request_id, $correlation_id, $version)";

    // Only what transitions change (the submitted call: owner, tool, params … never changes), and only forward: a
    // version the row already holds, or an older one, is not written again.
    private const string UpdateSql = "UPDATE jobs SET status = $status, attempts = $attempts, not_before = $not_before, "
        + "runner = $runner, dispatched = $dispatched, progress = $progress, "
        + "result = $result, error = $error, status_message = $status_message, updated_at = $updated_at, started_at = $started_at, "
        + "finished_at = $finished_at, expires_at = $expires_at, version = $version WHERE id = $id AND version < $version";

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
        ("$runner", job.Runner),
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

    private static Job Read(SqliteDataReader r) => JobRows.Read(r, EngineColumns.Sqlite);

    private static void InsertEvent(SqliteTransaction transaction, JobEvent e) => transaction.Execute(
        "INSERT INTO job_events (job_id, at, kind, node, detail) VALUES ($job_id, $at, $kind, $node, $detail)",
        ("$job_id", e.JobId),
        ("$at", e.At.ToUnixTimeMilliseconds()),
        ("$kind", e.Kind),
        ("$node", e.Node),
        ("$detail", e.Detail.ToJsonString()));

    private static JobEvent ReadEvent(SqliteDataReader r) => JobRows.ReadEvent(r, EngineColumns.Sqlite);
}
