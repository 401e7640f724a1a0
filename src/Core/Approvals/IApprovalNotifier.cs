namespace McpGateway.Core.Approvals;

/// <summary>Announces approval events (the optional webhook). Never blocks the call that caused the event.</summary>
public interface IApprovalNotifier
{
    /// <param name="eventName"><c>approval.requested</c>, <c>approval.approved</c> or <c>approval.rejected</c>.</param>
    void Notify(string eventName, Approval approval);
}
