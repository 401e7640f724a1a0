namespace McpGateway.Core.Policy.Constraints;

/// <summary>The argument constraints of the tools whose exposed names match <see cref="Tools"/> (one <c>constraints:</c> entry).</summary>
public sealed record ToolConstraints(NamePattern Tools, IReadOnlyList<ArgumentConstraint> Arguments);
