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
        Runner = NullableText(r, 14),
        Dispatched = c.Flag(r, 15),
        Progress = r.IsDBNull(16) ? null : JsonNode.Parse(r.GetString(16))!.AsObject(),
        Result = r.IsDBNull(17) ? null : JsonNode.Parse(r.GetString(17)),
        Error = r.IsDBNull(18) ? null : JobErrorJson.Read(r.GetString(18)),
        StatusMessage = NullableText(r, 19),
        CreatedAt = c.Time(r, 20),
        UpdatedAt = c.Time(r, 21),
        StartedAt = c.NullableTime(r, 22),
        FinishedAt = c.NullableTime(r, 23),
        ExpiresAt = c.NullableTime(r, 24),
        Retention = TimeSpan.FromMilliseconds(r.GetInt64(25)),
        RequestId = r.GetString(26),
        CorrelationId = r.GetString(27),
        Version = r.GetInt64(28),
    };

    /// <summary><c>job_id, at, kind, node, detail</c>.</summary>
    public static JobEvent ReadEvent(DbDataReader r, EngineColumns c) =>
        new(r.GetString(0), c.Time(r, 1), r.GetString(2), NullableText(r, 3), JsonNode.Parse(r.GetString(4))!.AsObject());
}
