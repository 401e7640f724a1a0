using System.Collections.Frozen;

namespace McpGateway.Core.Configuration;

/// <summary>An immutable snapshot of a valid <c>tools.yaml</c>.</summary>
public sealed record ToolsConfig
{
    private FrozenDictionary<string, BackendConfig> _byName = FrozenDictionary<string, BackendConfig>.Empty;

    /// <summary>The declared backends, in file order.</summary>
    public required IReadOnlyList<BackendConfig> Backends
    {
        get;
        init
        {
            field = value;
            var byName = new Dictionary<string, BackendConfig>(StringComparer.Ordinal);
            foreach (var backend in value)
            {
                byName.TryAdd(backend.Name, backend);
            }

            _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
            Scopes = value.Select(b => b.Scope).ToFrozenSet(StringComparer.Ordinal);
        }
    }

    /// <summary>The scopes of the declared backends: the endpoints <c>/{scope}/mcp</c> and <c>/{scope}/sse</c>.</summary>
    public IReadOnlySet<string> Scopes { get; private init; } = FrozenSet<string>.Empty;

    /// <summary>The user quotas (<c>quotas</c>).</summary>
    public QuotaConfig Quotas { get; init; } = QuotaConfig.Default;

    /// <summary>The full path of the file the snapshot was read from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's text (UTF-8): equal digests mean an unchanged file.</summary>
    public required string ContentDigest { get; init; }

    /// <summary>The backend named <paramref name="name"/>, or null.</summary>
    public BackendConfig? Backend(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The settings listed for a backend's own tool, or null when it has none.</summary>
    public ToolSettings? Tool(string backend, string tool) => Backend(backend)?.Tools.GetValueOrDefault(tool);
}
