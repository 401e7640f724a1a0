namespace McpGateway.Core.Audit;

/// <summary>The result of verifying every chain of an audit store.</summary>
public sealed record AuditVerification(int Chains, long Records, IReadOnlyList<AuditProblem> Problems)
{
    public bool IsIntact => Problems.Count == 0;
}
