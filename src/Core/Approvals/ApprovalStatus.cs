namespace McpGateway.Core.Approvals;

/// <summary>Where an approval stands. <see cref="Expired"/> is never stored: it is read from the time.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Used,
    Expired,
}
