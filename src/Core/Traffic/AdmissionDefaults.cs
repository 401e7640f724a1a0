namespace McpGateway.Core.Traffic;

/// <summary>The limits that apply where <c>tools.yaml</c> sets none (from the environment).</summary>
public sealed record AdmissionDefaults
{
    /// <summary><c>RATE_LIMIT_USER_PER_MINUTE</c>.</summary>
    public int UserPerMinute { get; init; } = 1000;

    /// <summary><c>RATE_LIMIT_USER_BURST</c>; null: a minute's worth.</summary>
    public int? UserBurst { get; init; }

    /// <summary><c>RATE_LIMIT_TOOL_PER_MINUTE</c>.</summary>
    public int ToolPerMinute { get; init; } = 100;

    /// <summary><c>RATE_LIMIT_TOOL_BURST</c>; null: a minute's worth.</summary>
    public int? ToolBurst { get; init; }
}
