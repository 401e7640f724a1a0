using McpGateway.Core.Catalogue;
using McpGateway.Core.Identity;

namespace McpGateway.Core.Policy;

/// <summary>
/// The role policy of <c>policy.yaml</c>: deny by default; an entry is allowed when one of the caller's roles allows it
/// (on the entry's scope) and none of them denies it. Explicit denies win.
/// </summary>
public sealed class RolePolicy(IReadOnlyDictionary<string, RoleRules> roles, string version)
{
    public const string DefaultDenyRule = "default-deny";

    public IReadOnlyDictionary<string, RoleRules> Roles { get; } = roles;

    /// <summary>A digest of the policy file's content.</summary>
    public string Version { get; } = version;

    /// <summary>Resources and resource templates share the <c>resources</c> rules.</summary>
    public static CatalogueKind RuleKind(CatalogueKind kind) => kind == CatalogueKind.ResourceTemplate ? CatalogueKind.Resource : kind;

    /// <summary>Decides for <paramref name="name"/> (exposed name, or URI for resources) on <paramref name="scope"/>.</summary>
    public PolicyDecision Decide(CallerIdentity caller, CatalogueKind kind, string name, string scope)
    {
        kind = RuleKind(kind);
        string? allowedBy = null;
        foreach (var role in caller.Roles)
        {
            if (!Roles.TryGetValue(role, out var rules))
            {
                continue;
            }

            if (Match(rules.Deny, kind, name) is { } deny)
            {
                return new PolicyDecision(false, $"roles.{role}.deny.{Plural(kind)}:{deny}", Version);
            }

            if (allowedBy is null && (rules.Scopes is null || rules.Scopes.Contains(scope)) && Match(rules.Allow, kind, name) is { } allow)
            {
                allowedBy = $"roles.{role}.{Plural(kind)}:{allow}";
            }
        }

        return allowedBy is null ? new PolicyDecision(false, DefaultDenyRule, Version) : new PolicyDecision(true, allowedBy, Version);
    }

    /// <summary>Whether the caller may see (and so use) a catalogue entry.</summary>
    public bool IsVisible(CallerIdentity caller, CatalogueItem item) => Decide(caller, item.Kind, item.ExposedName, item.Scope).Allowed;

    public static string Plural(CatalogueKind kind) => kind switch
    {
        CatalogueKind.Tool => "tools",
        CatalogueKind.Prompt => "prompts",
        _ => "resources",
    };

    private static NamePattern? Match(IReadOnlyDictionary<CatalogueKind, IReadOnlyList<NamePattern>> patterns, CatalogueKind kind, string name) =>
        patterns.TryGetValue(kind, out var list) ? list.FirstOrDefault(p => p.IsMatch(name)) : null;
}
