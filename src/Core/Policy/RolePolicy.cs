using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Identity;
using McpGateway.Core.Policy.Constraints;

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

    /// <summary>The argument constraints of tools (<c>constraints:</c>).</summary>
    public ConstraintSet Constraints { get; init; } = ConstraintSet.Empty;

    /// <summary>What calls of each risk level need when a role says nothing (<c>risk:</c>).</summary>
    /// <value>low and medium: allow; high: approve.</value>
    public IReadOnlyDictionary<RiskLevel, RiskEffect> DefaultRisk { get; init; } = StandardRisk;

    /// <summary>How approvals expire and whom they are announced to (<c>approvals:</c>).</summary>
    public ApprovalSettings Approvals { get; init; } = ApprovalSettings.Default;

    public static IReadOnlyDictionary<RiskLevel, RiskEffect> StandardRisk { get; } = new Dictionary<RiskLevel, RiskEffect>
    {
        [RiskLevel.Low] = RiskEffect.Allow,
        [RiskLevel.Medium] = RiskEffect.Allow,
        [RiskLevel.High] = RiskEffect.Approve,
    };

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

    /// <summary>
    /// What a call of <paramref name="risk"/> needs: the most permissive answer among the caller's roles that the policy
    /// names, each role's own <c>risk</c> first, else the defaults. A caller with no named role gets the defaults.
    /// </summary>
    public RiskDecision DecideRisk(CallerIdentity caller, RiskLevel risk)
    {
        var level = risk.ToString().ToLowerInvariant();
        RiskDecision? best = null;
        foreach (var role in caller.Roles)
        {
            if (!Roles.TryGetValue(role, out var rules))
            {
                continue;
            }

            var candidate = rules.Risk.TryGetValue(risk, out var own)
                ? new RiskDecision(own, $"roles.{role}.risk.{level}:{Name(own)}")
                : Default(risk, level);
            if (best is null || candidate.Effect < best.Value.Effect)
            {
                best = candidate;
            }
        }

        return best ?? Default(risk, level);
    }

    public static string Name(RiskEffect effect) => effect.ToString().ToLowerInvariant();

    private RiskDecision Default(RiskLevel risk, string level)
    {
        var effect = DefaultRisk.TryGetValue(risk, out var e) ? e : StandardRisk[risk];
        return new RiskDecision(effect, $"risk.{level}:{Name(effect)}");
    }

    /// <summary>
    /// Whether any of the caller's roles grants anything on <paramref name="scope"/>: a role the policy names, with at
    /// least one allow, and no <c>scopes</c> or <paramref name="scope"/> among them.
    /// </summary>
    public bool MayUseScope(CallerIdentity caller, string scope) =>
        caller.Roles.Any(role => Roles.TryGetValue(role, out var rules)
            && rules.Allow.Values.Any(patterns => patterns.Count > 0)
            && (rules.Scopes is null || rules.Scopes.Contains(scope)));

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
