using System.Text.Json.Nodes;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>One deterministic check of one argument value (a path, an SQL text, a URL, a number...).</summary>
public interface IValueCheck
{
    /// <summary>The name of the check in <c>policy.yaml</c> (<c>type:</c>) and in rule ids.</summary>
    string Type { get; }

    /// <summary>Null when the value passes, else why it does not.</summary>
    CheckFailure? Check(JsonNode? value);
}

/// <summary>Why a value failed a check: a stable reason code (part of the rule id) and a short explanation.</summary>
/// <param name="Reason">Stable, kebab-case: <c>outside-roots</c>, <c>multiple-statements</c>, <c>private-address</c>.</param>
/// <param name="Detail">A short explanation for the caller; never the whole value.</param>
public readonly record struct CheckFailure(string Reason, string Detail);
