namespace McpGateway.Core.Pipeline;

/// <summary>What the authorize step decided about a call, the rule that decided and the policy version it belongs to.</summary>
public sealed record CallDecision(DecisionEffect Effect, string RuleId, string PolicyVersion)
{
    public bool Allowed => Effect == DecisionEffect.Allow;

    /// <summary>The approval the call was held under, or ran under.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>Which part of the policy decided.</summary>
    /// <value><see cref="DecisionSource.Roles"/>.</value>
    public DecisionSource Source { get; init; } = DecisionSource.Roles;

    /// <summary>Whether the caller's roles lack the right (roles or risk refused), rather than an argument or approval being refused.</summary>
    public bool LacksPrivilege => Effect == DecisionEffect.Deny && Source is DecisionSource.Roles or DecisionSource.Risk;

    /// <summary>As recorded: <c>allow</c>, <c>approved</c> (allowed under an approval), <c>deny</c>, <c>approval_required</c>.</summary>
    public string Name => Effect switch
    {
        DecisionEffect.Allow => ApprovalId is null ? "allow" : "approved",
        DecisionEffect.Deny => "deny",
        _ => "approval_required",
    };
}

public enum DecisionEffect
{
    Allow,
    Deny,
    ApprovalRequired,
}

/// <summary>The part of the policy that made a decision.</summary>
public enum DecisionSource
{
    /// <summary>The roles' allows and denies.</summary>
    Roles,

    /// <summary>An argument constraint.</summary>
    Constraints,

    /// <summary>The risk rules.</summary>
    Risk,

    /// <summary>An approval (held, used, or refused).</summary>
    Approvals,
}
