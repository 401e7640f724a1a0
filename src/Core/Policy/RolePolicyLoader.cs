using System.Security.Cryptography;
using System.Text;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Configuration.Yaml;
using McpGateway.Core.Policy.Constraints;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Policy;

/// <summary>
/// Reads <c>policy.yaml</c>, reporting every problem at once with its line:
/// <code>
/// roles:
///   developer:
///     scopes: [hello]          # optional: the allows apply on these scopes only
///     tools: ["hello.*"]       # exposed names; * matches any run of characters
///     prompts: ["hello.*"]
///     resources: ["hello://*"] # URIs (and URI templates)
///     deny:                    # wins over any allow, of any role
///       tools: ["hello.sum"]
///     risk: { high: deny }     # what calls of each risk level need for this role
/// risk: { low: allow, medium: allow, high: approve }   # the defaults
/// approvals: { expires_after_minutes: 15, webhook: https://hooks.example.com/mcpgw }
/// constraints:                 # argument constraints by tool name pattern (see ConstraintReader)
///   "fs.*":
///     path: { type: path, roots: [/srv/data] }
/// </code>
/// </summary>
public static class RolePolicyLoader
{
    public const string FileName = "policy.yaml";

    private static readonly string[] RootKeys = ["roles", "risk", "approvals", "constraints"];
    private static readonly string[] KindKeys = ["tools", "prompts", "resources"];
    private static readonly string[] RoleKeys = ["scopes", "tools", "prompts", "resources", "deny", "risk"];
    private static readonly string[] ApprovalKeys = ["expires_after_minutes", "webhook"];

    private static readonly Dictionary<string, RiskLevel> Levels = new(StringComparer.Ordinal)
    {
        ["low"] = RiskLevel.Low,
        ["medium"] = RiskLevel.Medium,
        ["high"] = RiskLevel.High,
    };

    private static readonly Dictionary<string, RiskEffect> Effects = new(StringComparer.Ordinal)
    {
        ["allow"] = RiskEffect.Allow,
        ["approve"] = RiskEffect.Approve,
        ["deny"] = RiskEffect.Deny,
    };

    public static (RolePolicy? Policy, IReadOnlyList<ConfigError> Errors) Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException
                ? "file not found (the role policy is required: every call is denied unless a role allows it)"
                : $"cannot read the file: {e.Message}";
            return (null, [new ConfigError(path, 0, 0, reason)]);
        }

        return Parse(text, path);
    }

    public static (RolePolicy? Policy, IReadOnlyList<ConfigError> Errors) Parse(string yamlText, string sourcePath) =>
        Parse(yamlText, sourcePath, FileSystemLinkReader.Instance);

    public static (RolePolicy? Policy, IReadOnlyList<ConfigError> Errors) Parse(string yamlText, string sourcePath, ILinkReader links)
    {
        var diagnostics = new ConfigDiagnostics(sourcePath);
        var roles = new Dictionary<string, RoleRules>(StringComparer.Ordinal);
        var constraints = ConstraintSet.Empty;
        var defaultRisk = RolePolicy.StandardRisk;
        var approvals = ApprovalSettings.Default;
        if (YamlDocumentLoader.Load(yamlText, diagnostics) is YamlMappingNode root)
        {
            var m = new YamlMapping(root, string.Empty, diagnostics, RootKeys);
            if (m.Value("constraints") is { } constraintsNode)
            {
                constraints = ConstraintReader.Read(constraintsNode, diagnostics, links);
            }

            if (m.Value("risk") is { } riskNode)
            {
                var own = ReadRisk(riskNode, "risk", diagnostics);
                defaultRisk = RolePolicy.StandardRisk.ToDictionary(p => p.Key, p => own.TryGetValue(p.Key, out var e) ? e : p.Value);
            }

            if (m.Value("approvals") is { } approvalsNode)
            {
                approvals = ReadApprovals(approvalsNode, diagnostics);
            }

            if (m.Value("roles") is YamlMappingNode roleNodes)
            {
                foreach (var (key, value) in roleNodes.Children)
                {
                    if (YamlValues.String(key, "roles", diagnostics) is { } role)
                    {
                        roles[role] = ReadRole(value, YamlPath.Key("roles", role), diagnostics);
                    }
                }
            }
            else if (m.Value("roles") is { } other)
            {
                diagnostics.Add(other, "roles", $"expected a mapping of role name to rules, got {YamlValues.Describe(other)}");
            }
        }
        else if (!diagnostics.HasErrors)
        {
            diagnostics.Add(new YamlDotNet.Core.Mark(), string.Empty, "expected a mapping with the key 'roles'");
        }

        if (diagnostics.HasErrors)
        {
            return (null, diagnostics.ToList());
        }

        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yamlText)))[..12];
        return (new RolePolicy(roles, version) { Constraints = constraints, DefaultRisk = defaultRisk, Approvals = approvals }, []);
    }

    private static RoleRules ReadRole(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (node is not YamlMappingNode mapping)
        {
            if (!YamlValues.IsNull(node))
            {
                diagnostics.Add(node, path, $"expected the role's rules (tools, prompts, resources, deny, scopes), got {YamlValues.Describe(node)}");
            }

            return new RoleRules();
        }

        var m = new YamlMapping(mapping, path, diagnostics, RoleKeys);
        var deny = m.Value("deny") switch
        {
            YamlMappingNode denyNode => ReadKinds(new YamlMapping(denyNode, m.PathOf("deny"), diagnostics, KindKeys), diagnostics),
            null => new Dictionary<CatalogueKind, IReadOnlyList<NamePattern>>(),
            var other => Invalid(other, m.PathOf("deny"), diagnostics),
        };
        var scopes = m.Value("scopes") is { } scopeNode ? Strings(scopeNode, m.PathOf("scopes"), diagnostics).ToHashSet(StringComparer.Ordinal) : null;
        var risk = m.Value("risk") is { } riskNode ? ReadRisk(riskNode, m.PathOf("risk"), diagnostics) : [];
        return new RoleRules { Scopes = scopes, Allow = ReadKinds(m, diagnostics), Deny = deny, Risk = risk };
    }

    private static Dictionary<RiskLevel, RiskEffect> ReadRisk(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        var risk = new Dictionary<RiskLevel, RiskEffect>();
        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(node, path, $"expected a mapping of risk level to allow, approve or deny, e.g. {{ high: approve }}, got {YamlValues.Describe(node)}");
            return risk;
        }

        var m = new YamlMapping(mapping, path, diagnostics, Levels.Keys);
        foreach (var (name, level) in Levels)
        {
            if (m.Enum(name, Effects) is { } effect)
            {
                risk[level] = effect;
            }
        }

        return risk;
    }

    private static ApprovalSettings ReadApprovals(YamlNode node, ConfigDiagnostics diagnostics)
    {
        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(node, "approvals", $"expected a mapping (expires_after_minutes, webhook), got {YamlValues.Describe(node)}");
            return ApprovalSettings.Default;
        }

        var m = new YamlMapping(mapping, "approvals", diagnostics, ApprovalKeys);
        var minutes = m.PositiveInt("expires_after_minutes");
        Uri? webhook = null;
        if (m.Value("webhook") is { } hookNode && YamlValues.String(hookNode, m.PathOf("webhook"), diagnostics) is { } text)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0)
            {
                webhook = uri;
            }
            else
            {
                diagnostics.Add(hookNode, m.PathOf("webhook"), $"'{text}' is not an absolute http or https URL without user info");
            }
        }

        return new ApprovalSettings { ExpiresAfter = minutes is { } mins ? TimeSpan.FromMinutes(mins) : ApprovalSettings.Default.ExpiresAfter, Webhook = webhook };
    }

    private static Dictionary<CatalogueKind, IReadOnlyList<NamePattern>> ReadKinds(YamlMapping m, ConfigDiagnostics diagnostics)
    {
        var kinds = new Dictionary<CatalogueKind, IReadOnlyList<NamePattern>>();
        foreach (var (key, kind) in new[] { ("tools", CatalogueKind.Tool), ("prompts", CatalogueKind.Prompt), ("resources", CatalogueKind.Resource) })
        {
            if (m.Value(key) is { } node)
            {
                kinds[kind] = [.. Strings(node, m.PathOf(key), diagnostics).Select(p => new NamePattern(p))];
            }
        }

        return kinds;
    }

    private static List<string> Strings(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (node is not YamlSequenceNode sequence)
        {
            diagnostics.Add(node, path, $"expected a list of patterns, e.g. [\"hello.*\"], got {YamlValues.Describe(node)}");
            return [];
        }

        var values = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (YamlValues.String(item, $"{path}[{i}]", diagnostics) is { Length: > 0 } value)
            {
                values.Add(value);
            }
            else if (item is YamlScalarNode { Value: "" })
            {
                diagnostics.Add(item, $"{path}[{i}]", "an empty pattern matches nothing; remove it");
            }
        }

        return values;
    }

    private static Dictionary<CatalogueKind, IReadOnlyList<NamePattern>> Invalid(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        diagnostics.Add(node, path, $"expected a mapping of tools/prompts/resources to patterns, got {YamlValues.Describe(node)}");
        return [];
    }
}
