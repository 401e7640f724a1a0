namespace McpGateway.Core.Configuration;

/// <summary>A rate as written in <c>tools.yaml</c> (<c>per_minute</c>, <c>burst</c>); unset values take the defaults.</summary>
public sealed record LimitConfig(int? PerMinute, int? Burst);
