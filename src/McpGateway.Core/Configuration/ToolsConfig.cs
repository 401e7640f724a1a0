namespace McpGateway.Core.Configuration;

/// <summary>An immutable snapshot of a valid <c>tools.yaml</c>.</summary>
public sealed record ToolsConfig
{
    /// <summary>The declared backends, in file order.</summary>
    public required IReadOnlyList<BackendConfig> Backends { get; init; }

    /// <summary>The user quotas (<c>quotas</c>).</summary>
    public QuotaConfig Quotas { get; init; } = QuotaConfig.Default;

    /// <summary>The full path of the file the snapshot was read from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's text (UTF-8): equal digests mean an unchanged file.</summary>
    public required string ContentDigest { get; init; }
}
