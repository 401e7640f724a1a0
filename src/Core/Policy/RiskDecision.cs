namespace McpGateway.Core.Policy;

/// <summary>What the risk rules say about a call, and the rule that said it (<c>roles.developer.risk.high:approve</c>).</summary>
public readonly record struct RiskDecision(RiskEffect Effect, string RuleId);
