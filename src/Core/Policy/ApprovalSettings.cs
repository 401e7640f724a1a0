namespace McpGateway.Core.Policy;

/// <summary>The <c>approvals:</c> section of <c>policy.yaml</c>.</summary>
public sealed record ApprovalSettings
{
    public static ApprovalSettings Default { get; } = new();

    /// <summary>How long a request waits for a decision, and how long an approved call may then be made (<c>expires_after_minutes</c>).</summary>
    /// <value>15 minutes.</value>
    public TimeSpan ExpiresAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Where new requests and decisions are posted (<c>webhook</c>); null: nowhere.</summary>
    public Uri? Webhook { get; init; }
}
