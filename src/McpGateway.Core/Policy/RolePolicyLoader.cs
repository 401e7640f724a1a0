using System.Security.Cryptography;
using System.Text;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Configuration.Yaml;
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
/// </code>
/// </summary>
public static class RolePolicyLoader
{
    public const string FileName = "policy.yaml";

    private static readonly string[] RootKeys = ["roles"];
    private static readonly string[] KindKeys = ["tools", "prompts", "resources"];
    private static readonly string[] RoleKeys = ["scopes", "tools", "prompts", "resources", "deny"];

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

    public static (RolePolicy? Policy, IReadOnlyList<ConfigError> Errors) Parse(string yamlText, string sourcePath)
    {
        var diagnostics = new ConfigDiagnostics(sourcePath);
        var roles = new Dictionary<string, RoleRules>(StringComparer.Ordinal);
        if (YamlDocumentLoader.Load(yamlText, diagnostics) is YamlMappingNode root)
        {
            var m = new YamlMapping(root, string.Empty, diagnostics, RootKeys);
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
        return (new RolePolicy(roles, version), []);
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
        return new RoleRules { Scopes = scopes, Allow = ReadKinds(m, diagnostics), Deny = deny };
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
