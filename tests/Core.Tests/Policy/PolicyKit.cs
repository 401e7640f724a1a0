using McpGateway.Core.Approvals;
using McpGateway.Core.Configuration;
using McpGateway.Core.Policy;
using McpGateway.Core.Tests.Approvals;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Core.Tests.Policy;

/// <summary>A <see cref="PolicyAuthorization"/> over a policy text, with an in-memory approval store and a held clock.</summary>
internal sealed class PolicyKit
{
    public PolicyKit(string policyYaml, IReadOnlyDictionary<string, RiskLevel>? risks = null)
    {
        var (policy, errors) = RolePolicyLoader.Parse(policyYaml, "policy.yaml");
        Assert.True(policy is not null, string.Join("\n", errors));
        Policy = policy;
        Source = new RolePolicySource(policy);
        Approvals = new ApprovalService(Store, Notifier, Clock);
        Authorization = new PolicyAuthorization(Source, new FixedRisk(risks ?? new Dictionary<string, RiskLevel>()), Approvals);
    }

    public RolePolicy Policy { get; }

    public RolePolicySource Source { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));

    public MemoryApprovalStore Store { get; } = new();

    public RecordingNotifier Notifier { get; } = new();

    public ApprovalService Approvals { get; }

    public PolicyAuthorization Authorization { get; }

    /// <summary>Risk by the backend's own tool name (<c>backend.tool</c>); anything else is low.</summary>
    private sealed class FixedRisk(IReadOnlyDictionary<string, RiskLevel> risks) : IToolRiskSource
    {
        public RiskLevel RiskOf(string backend, string tool) => risks.GetValueOrDefault($"{backend}.{tool}", RiskLevel.Low);
    }
}
