using System.Data.Common;
using System.Text.Json;
using McpGateway.Core.Audit;

namespace McpGateway.Storage.Audit;

/// <summary>The audit log's columns, in one order shared by both engines' inserts and reads.</summary>
internal static class AuditColumns
{
    /// <summary>
    /// Every column a read selects, <see cref="Read"/> maps them in this order. <paramref name="time"/> must give Unix
    /// microseconds and <paramref name="roles"/> a JSON array (the columns themselves on SQLite).
    /// </summary>
    public static string Select(string time = "time", string roles = "roles") =>
        $"id, chain, seq, prev_hash, hash, event_id, {time}, request_id, correlation_id, trace_id, user_id, tenant, {roles}, client, endpoint, scope, " +
        "method, name, backend, decision, rule_id, policy_version, outcome, error_kind, reason, latency_us, request_bytes, response_bytes, arguments_digest, arguments";

    /// <summary>The inserted columns (all but <c>id</c>), in the order of <see cref="Values"/>.</summary>
    public const string Insert =
        "chain, seq, prev_hash, hash, event_id, time, request_id, correlation_id, trace_id, user_id, tenant, roles, client, endpoint, scope, " +
        "method, name, backend, decision, rule_id, policy_version, outcome, error_kind, reason, latency_us, request_bytes, response_bytes, arguments_digest, arguments";

    public const int InsertCount = 29;

    /// <summary>The values of <see cref="Insert"/> for one entry; times and latencies in microseconds, roles as a JSON array.</summary>
    public static object?[] Values(AuditEntry entry)
    {
        var r = entry.Record;
        return
        [
            entry.Chain, entry.Sequence, entry.PreviousHash, entry.Hash, r.EventId, AuditTime.ToMicroseconds(r.Time), r.RequestId, r.CorrelationId,
            r.TraceId, r.UserId, r.Tenant, JsonSerializer.Serialize(r.Roles, AuditJson.Default.IReadOnlyListString), r.Client, r.Endpoint, r.Scope,
            r.Method, r.Name, r.Backend, r.Decision, r.RuleId, r.PolicyVersion, r.Outcome, r.ErrorKind, r.Reason, AuditTime.LatencyMicroseconds(r.LatencyMs),
            r.RequestBytes, r.ResponseBytes, r.ArgumentsDigest, r.Arguments,
        ];
    }

    /// <summary>Maps a row selected with <see cref="Select"/>.</summary>
    public static AuditEntry Read(DbDataReader row)
    {
        string? Text(int i) => row.IsDBNull(i) ? null : row.GetString(i);
        var record = new AuditRecord
        {
            EventId = row.GetString(5),
            Time = AuditTime.FromMicroseconds(row.GetInt64(6)),
            RequestId = row.GetString(7),
            CorrelationId = row.GetString(8),
            TraceId = Text(9),
            UserId = row.GetString(10),
            Tenant = Text(11),
            Roles = JsonSerializer.Deserialize(row.GetString(12), AuditJson.Default.IReadOnlyListString) ?? [],
            Client = Text(13),
            Endpoint = row.GetString(14),
            Scope = Text(15),
            Method = row.GetString(16),
            Name = row.GetString(17),
            Backend = Text(18),
            Decision = Text(19),
            RuleId = Text(20),
            PolicyVersion = Text(21),
            Outcome = row.GetString(22),
            ErrorKind = Text(23),
            Reason = Text(24),
            LatencyMs = row.GetInt64(25) / 1000.0,
            RequestBytes = row.GetInt64(26),
            ResponseBytes = row.GetInt64(27),
            ArgumentsDigest = Text(28),
            Arguments = Text(29),
        };
        return new AuditEntry(row.GetInt64(0), row.GetString(1), row.GetInt64(2), row.GetString(3), row.GetString(4), record);
    }
}
