namespace McpGateway.Core.Approvals;

/// <summary>
/// A held call waiting for (or having had) an admin's decision. It is bound to one user, one tool and one exact set of
/// arguments (<see cref="ArgumentsDigest"/>): only that call can run under it, once.
/// </summary>
public sealed record Approval
{
    /// <summary><c>apr_</c> and 128 random bits.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public string? Tenant { get; init; }

    /// <summary>The exposed tool name.</summary>
    public required string Tool { get; init; }

    public required string Backend { get; init; }

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public required string Risk { get; init; }

    /// <summary>The arguments as sent (JSON), so the approver sees what runs.</summary>
    public required string Arguments { get; init; }

    /// <summary>See <see cref="CallFingerprint"/>.</summary>
    public required string ArgumentsDigest { get; init; }

    /// <summary>The risk rule that asked for the approval, and its policy version.</summary>
    public required string RuleId { get; init; }

    public required string PolicyVersion { get; init; }

    /// <summary>The stored status (never <see cref="ApprovalStatus.Expired"/>; see <see cref="StatusAt"/>).</summary>
    public required ApprovalStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Pending: the decision must come before; approved: the call must be made before.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>The status at <paramref name="now"/>: a pending or approved approval past its expiry is expired.</summary>
    public ApprovalStatus StatusAt(DateTimeOffset now) =>
        Status is ApprovalStatus.Pending or ApprovalStatus.Approved && now >= ExpiresAt ? ApprovalStatus.Expired : Status;

    public static string Name(ApprovalStatus status) => status.ToString().ToLowerInvariant();
}
