namespace McpGateway.Core.Configuration;

/// <summary>How much harm a tool call can do; policy and approvals key off it.</summary>
public enum RiskLevel
{
    /// <summary>Reads or computes only (<c>low</c>).</summary>
    Low,

    /// <summary>Changes something that can be undone (<c>medium</c>).</summary>
    Medium,

    /// <summary>Changes something that cannot easily be undone, or reaches outside (<c>high</c>).</summary>
    High,
}
