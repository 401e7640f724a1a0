using System.Data.Common;
using McpGateway.Core.Approvals;
using static McpGateway.Storage.Rows.EngineColumns;

namespace McpGateway.Storage.Rows;

/// <summary>An <c>approvals</c> row as both engines select it (the column order of their <c>Columns</c>).</summary>
internal static class ApprovalRows
{
    public static Approval Read(DbDataReader r, EngineColumns c) => new()
    {
        Id = r.GetString(0),
        UserId = r.GetString(1),
        Tenant = NullableText(r, 2),
        Tool = r.GetString(3),
        Backend = r.GetString(4),
        Risk = r.GetString(5),
        Arguments = r.GetString(6),
        ArgumentsDigest = r.GetString(7),
        RuleId = r.GetString(8),
        PolicyVersion = r.GetString(9),
        Status = Enum.Parse<ApprovalStatus>(r.GetString(10), ignoreCase: true),
        CreatedAt = c.Time(r, 11),
        ExpiresAt = c.Time(r, 12),
        DecidedAt = c.NullableTime(r, 13),
        DecidedBy = NullableText(r, 14),
        Reason = NullableText(r, 15),
        UsedAt = c.NullableTime(r, 16),
    };
}
