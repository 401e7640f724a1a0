using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Core.Approvals;

namespace McpGateway.Edge.Approvals;

/// <summary>An approval as the admin API and the webhook show it (snake_case, UTC times).</summary>
internal static class ApprovalJson
{
    /// <summary>Everything but the arguments; the status as of <paramref name="now"/> (expired included).</summary>
    public static JsonObject Describe(Approval approval, DateTimeOffset now) => new()
    {
        ["id"] = approval.Id,
        ["status"] = Approval.Name(approval.StatusAt(now)),
        ["user_id"] = approval.UserId,
        ["tenant"] = approval.Tenant,
        ["tool"] = approval.Tool,
        ["backend"] = approval.Backend,
        ["risk"] = approval.Risk,
        ["rule"] = approval.RuleId,
        ["policy_version"] = approval.PolicyVersion,
        ["arguments_digest"] = approval.ArgumentsDigest,
        ["created_at"] = Time(approval.CreatedAt),
        ["expires_at"] = Time(approval.ExpiresAt),
        ["decided_at"] = approval.DecidedAt is { } decided ? Time(decided) : null,
        ["decided_by"] = approval.DecidedBy,
        ["reason"] = approval.Reason,
        ["used_at"] = approval.UsedAt is { } used ? Time(used) : null,
    };

    /// <summary>With the call's arguments, for the approver.</summary>
    public static JsonObject WithArguments(Approval approval, DateTimeOffset now)
    {
        var json = Describe(approval, now);
        json["arguments"] = JsonNode.Parse(approval.Arguments);
        return json;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
