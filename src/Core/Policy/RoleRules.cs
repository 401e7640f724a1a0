using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;

namespace McpGateway.Core.Policy;

/// <summary>What one role may use: allowed and denied patterns per kind, optionally only on some scopes.</summary>
public sealed record RoleRules
{
    /// <summary>The scopes on which the role's allows apply (null: every scope).</summary>
    public IReadOnlySet<string>? Scopes { get; init; }

    public IReadOnlyDictionary<CatalogueKind, IReadOnlyList<NamePattern>> Allow { get; init; } = new Dictionary<CatalogueKind, IReadOnlyList<NamePattern>>();

    public IReadOnlyDictionary<CatalogueKind, IReadOnlyList<NamePattern>> Deny { get; init; } = new Dictionary<CatalogueKind, IReadOnlyList<NamePattern>>();

    /// <summary>What calls of each risk level need for this role (<c>risk:</c>); missing levels use the policy's defaults.</summary>
    public IReadOnlyDictionary<RiskLevel, RiskEffect> Risk { get; init; } = new Dictionary<RiskLevel, RiskEffect>();
}
