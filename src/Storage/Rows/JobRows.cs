using System.Data.Common;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using static McpGateway.Storage.Rows.EngineColumns;

namespace McpGateway.Storage.Rows;

/// <summary>A <c>jobs</c> or <c>job_events</c> row as both engines select it (the column order of their <c>Columns</c>).</summary>
internal static class JobRows
{
    public static Job Read(DbDataReader r, EngineColumns c) => new()
    {
        Id = r.GetString(0),
        OwnerId = r.GetString(1),
        Tenant = NullableText(r, 2),
        Roles = c.TextList(r, 3),
        Scope = NullableText(r, 4),
        Tool = r.GetString(5),
        Params = JsonNode.Parse(r.GetString(6))!.AsObject(),
        Origin = Enum.Parse<JobOrigin>(r.GetString(7), ignoreCase: true),
        SessionId = NullableText(r, 8),
        Idempotent = c.Flag(r, 9),
        Status = JobStatusExtensions.Parse(r.GetString(10)),
        Attempts = r.GetInt32(11),
        MaxAttempts = r.GetInt32(12),
        NotBefore = c.Time(r, 13),
        LeaseOwner = NullableText(r, 14),
        LeaseExpiresAt = c.NullableTime(r, 15),
        Dispatched = c.Flag(r, 16),
        Progress = r.IsDBNull(17) ? null : JsonNode.Parse(r.GetString(17))!.AsObject(),
        Result = r.IsDBNull(18) ? null : JsonNode.Parse(r.GetString(18)),
        Error = r.IsDBNull(19) ? null : JobErrorJson.Read(r.GetString(19)),
        StatusMessage = NullableText(r, 20),
        CreatedAt = c.Time(r, 21),
        UpdatedAt = c.Time(r, 22),
        StartedAt = c.NullableTime(r, 23),
        FinishedAt = c.NullableTime(r, 24),
        ExpiresAt = c.NullableTime(r, 25),
        Retention = TimeSpan.FromMilliseconds(r.GetInt64(26)),
        RequestId = r.GetString(27),
        CorrelationId = r.GetString(28),
        Version = r.GetInt64(29),
    };

    /// <summary><c>job_id, at, kind, node, detail</c>.</summary>
    public static JobEvent ReadEvent(DbDataReader r, EngineColumns c) =>
        new(r.GetString(0), c.Time(r, 1), r.GetString(2), NullableText(r, 3), JsonNode.Parse(r.GetString(4))!.AsObject());
}
