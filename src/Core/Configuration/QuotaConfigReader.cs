using McpGateway.Core.Configuration.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration;

/// <summary>Reads <c>quotas:</c> at the top of <c>tools.yaml</c>.</summary>
internal static class QuotaConfigReader
{
    private static readonly IReadOnlyCollection<string> Keys =
        ["per_minute", "burst", "tenant_per_minute", "tenant_burst", "users", "roles", "tenants"];

    private static readonly IReadOnlyCollection<string> LimitKeys = ["per_minute", "burst"];

    public static QuotaConfig Read(YamlMapping root)
    {
        if (root.Value("quotas") is not { } node)
        {
            return QuotaConfig.Default;
        }

        if (node is not YamlMappingNode mappingNode)
        {
            root.Diagnostics.Add(node, "quotas", $"expected the user quotas (a mapping), got {YamlValues.Describe(node)}");
            return QuotaConfig.Default;
        }

        var m = new YamlMapping(mappingNode, "quotas", root.Diagnostics, Keys);
        var tenantPerMinute = m.PositiveInt("tenant_per_minute");
        var tenantBurst = m.PositiveInt("tenant_burst");
        return new QuotaConfig
        {
            User = new LimitConfig(m.PositiveInt("per_minute"), m.PositiveInt("burst")),
            Tenant = tenantPerMinute is null && tenantBurst is null ? null : new LimitConfig(tenantPerMinute, tenantBurst),
            Users = Overrides(m, "users"),
            Roles = Overrides(m, "roles"),
            Tenants = Overrides(m, "tenants"),
        };
    }

    private static Dictionary<string, LimitConfig> Overrides(YamlMapping m, string key)
    {
        var result = new Dictionary<string, LimitConfig>(StringComparer.Ordinal);
        if (m.Value(key) is not { } node)
        {
            return result;
        }

        if (node is not YamlMappingNode entries)
        {
            m.Diagnostics.Add(node, m.PathOf(key), $"expected a mapping of name to {{per_minute, burst}}, got {YamlValues.Describe(node)}");
            return result;
        }

        foreach (var (nameNode, value) in entries.Children)
        {
            if (YamlValues.String(nameNode, m.PathOf(key), m.Diagnostics) is not { } name)
            {
                continue;
            }

            var path = YamlPath.Key(m.PathOf(key), name);
            if (value is not YamlMappingNode limitNode)
            {
                m.Diagnostics.Add(value, path, $"expected {{per_minute, burst}}, got {YamlValues.Describe(value)}");
                continue;
            }

            var limit = new YamlMapping(limitNode, path, m.Diagnostics, LimitKeys);
            result[name] = new LimitConfig(limit.PositiveInt("per_minute"), limit.PositiveInt("burst"));
        }

        return result;
    }
}
