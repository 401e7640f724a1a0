namespace McpGateway.Core.Policy.Constraints;

/// <summary>A refused argument: the rule (<c>constraints[fs.*].path:outside-roots</c>) and a message for the caller.</summary>
public sealed record ConstraintViolation(string RuleId, string Message);
