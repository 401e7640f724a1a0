namespace McpGateway.Core.Configuration;

/// <summary>The outcome of loading <c>tools.yaml</c>: a snapshot, or every error found.</summary>
public sealed record ConfigLoadResult
{
    /// <summary>The snapshot; null when there are errors.</summary>
    public ToolsConfig? Config { get; init; }

    /// <summary>Every error found, ordered by position.</summary>
    public IReadOnlyList<ConfigError> Errors { get; init; } = [];

    /// <summary>True when there are no errors (and <see cref="Config"/> is set).</summary>
    public bool IsValid => Errors.Count == 0 && Config is not null;
}
