namespace McpGateway.Core.Policy;

/// <summary>What a call of a given risk level needs (<c>risk:</c> in <c>policy.yaml</c>).</summary>
public enum RiskEffect
{
    /// <summary>The call runs (<c>allow</c>).</summary>
    Allow,

    /// <summary>The call is held until an admin approves it (<c>approve</c>).</summary>
    Approve,

    /// <summary>The call is refused (<c>deny</c>).</summary>
    Deny,
}
