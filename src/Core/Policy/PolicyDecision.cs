namespace McpGateway.Core.Policy;

/// <summary>The answer of the role policy, with the rule that produced it and the policy version.</summary>
public readonly record struct PolicyDecision(bool Allowed, string RuleId, string PolicyVersion);
