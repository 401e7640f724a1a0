using System.Globalization;
using System.Text.RegularExpressions;
using McpGateway.Core.Configuration.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// Reads <c>constraints:</c> of <c>policy.yaml</c>: tool name patterns to argument names to one check each.
/// <code>
/// constraints:
///   "fs.*":
///     path: { type: path, roots: [/srv/data] }
///   sql.query:
///     query: { type: sql }
///   web.fetch:
///     url: { type: url, schemes: [https], hosts: ["*.example.com"] }
/// </code>
/// </summary>
internal static class ConstraintReader
{
    private static readonly string[] Common = ["type", "required", "max_items"];

    private static readonly Dictionary<string, string[]> KeysByType = new(StringComparer.Ordinal)
    {
        ["path"] = [.. Common, "roots"],
        ["sql"] = [.. Common],
        ["url"] = [.. Common, "schemes", "hosts", "ports", "allow_private"],
        ["number"] = [.. Common, "min", "max", "integer"],
        ["string"] = [.. Common, "min_length", "max_length", "pattern"],
        ["enum"] = [.. Common, "values"],
    };

    public static ConstraintSet Read(YamlNode node, ConfigDiagnostics diagnostics, ILinkReader links)
    {
        if (node is not YamlMappingNode tools)
        {
            diagnostics.Add(node, "constraints", $"expected a mapping of tool name patterns to argument constraints, got {YamlValues.Describe(node)}");
            return ConstraintSet.Empty;
        }

        var entries = new List<ToolConstraints>();
        foreach (var (key, value) in tools.Children)
        {
            if (YamlValues.String(key, "constraints", diagnostics) is not { Length: > 0 } pattern)
            {
                continue;
            }

            var path = $"constraints[{pattern}]";
            if (value is not YamlMappingNode arguments)
            {
                diagnostics.Add(value, path, $"expected a mapping of argument names to constraints, got {YamlValues.Describe(value)}");
                continue;
            }

            var list = new List<ArgumentConstraint>();
            foreach (var (argumentKey, spec) in arguments.Children)
            {
                if (YamlValues.String(argumentKey, path, diagnostics) is { Length: > 0 } argument
                    && ReadArgument(argument, spec, $"{path}.{argument}", diagnostics, links) is { } constraint)
                {
                    list.Add(constraint);
                }
            }

            entries.Add(new ToolConstraints(new NamePattern(pattern), list));
        }

        return new ConstraintSet(entries);
    }

    private static ArgumentConstraint? ReadArgument(string argument, YamlNode node, string path, ConfigDiagnostics diagnostics, ILinkReader links)
    {
        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(node, path, $"expected a constraint such as {{ type: path, roots: [/srv/data] }}, got {YamlValues.Describe(node)}");
            return null;
        }

        var type = mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "type" }).Value;
        if (type is not YamlScalarNode { Value: { } typeName } || !KeysByType.TryGetValue(typeName, out var keys))
        {
            diagnostics.Add(type ?? mapping, path + ".type", $"expected one of {string.Join(", ", KeysByType.Keys)}, got {(type is null ? "nothing" : YamlValues.Describe(type))}");
            return null;
        }

        var m = new YamlMapping(mapping, path, diagnostics, keys);
        IValueCheck? check = typeName switch
        {
            "path" => ReadPath(m, links),
            "sql" => new SqlCheck(),
            "url" => ReadUrl(m),
            "number" => ReadNumber(m),
            "string" => ReadString(m),
            _ => ReadEnum(m),
        };
        return check is null ? null : new ArgumentConstraint(argument, check) { Required = m.Bool("required") ?? false, MaxItems = m.PositiveInt("max_items") };
    }

    private static PathCheck? ReadPath(YamlMapping m, ILinkReader links)
    {
        var roots = Strings(m, "roots", required: true);
        foreach (var (root, node) in roots)
        {
            if (!root.StartsWith('/') || root.Split('/').Contains(".."))
            {
                m.Diagnostics.Add(node, m.PathOf("roots"), $"'{root}' must be an absolute path without '..'");
            }
        }

        return roots.Count == 0 ? null : new PathCheck([.. roots.Select(r => r.Value)], links);
    }

    private static UrlCheck ReadUrl(YamlMapping m)
    {
        var schemes = Strings(m, "schemes", required: false).Select(s => s.Value.ToLowerInvariant()).ToList();
        var hosts = m.Value("hosts") is null ? null : Strings(m, "hosts", required: false).Select(h => h.Value.ToLowerInvariant().TrimEnd('.')).ToList();
        List<int>? ports = null;
        if (m.Value("ports") is not null)
        {
            ports = [];
            foreach (var (text, node) in Strings(m, "ports", required: false))
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
                {
                    ports.Add(port);
                }
                else
                {
                    m.Diagnostics.Add(node, m.PathOf("ports"), $"'{text}' is not a port number");
                }
            }
        }

        return new UrlCheck(schemes.Count == 0 ? ["http", "https"] : schemes, hosts, ports, m.Bool("allow_private") ?? false);
    }

    private static NumberCheck ReadNumber(YamlMapping m)
    {
        decimal? Bound(string key)
        {
            if (m.Value(key) is not { } node || YamlValues.Double(node, m.PathOf(key), m.Diagnostics) is null)
            {
                return null;
            }

            return decimal.TryParse(((YamlScalarNode)node).Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
        }

        var check = new NumberCheck(Bound("min"), Bound("max"), m.Bool("integer") ?? false);
        if (check.Min > check.Max)
        {
            m.Diagnostics.Add(m.Node, m.Path, "min is greater than max: nothing could pass");
        }

        return check;
    }

    private static StringCheck ReadString(YamlMapping m)
    {
        Regex? pattern = null;
        if (m.Value("pattern") is { } node && YamlValues.String(node, m.PathOf("pattern"), m.Diagnostics) is { } text)
        {
            try
            {
                pattern = new Regex(text, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                m.Diagnostics.Add(node, m.PathOf("pattern"), $"not a usable regular expression: {e.Message}");
            }
        }

        var maxLength = m.PositiveInt("max_length");
        var minLength = m.Value("min_length") is { } minNode ? YamlValues.Int(minNode, m.PathOf("min_length"), m.Diagnostics) : null;
        return new StringCheck(minLength, maxLength, pattern);
    }

    private static EnumCheck? ReadEnum(YamlMapping m)
    {
        var values = Strings(m, "values", required: true);
        return values.Count == 0 ? null : new EnumCheck([.. values.Select(v => v.Value)]);
    }

    private static List<(string Value, YamlNode Node)> Strings(YamlMapping m, string key, bool required)
    {
        var node = required ? m.Required(key) : m.Value(key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            m.Diagnostics.Add(node, m.PathOf(key), $"expected a non-empty list, got {YamlValues.Describe(node)}");
            return [];
        }

        var values = new List<(string, YamlNode)>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (YamlValues.String(sequence.Children[i], $"{m.PathOf(key)}[{i}]", m.Diagnostics) is { Length: > 0 } value)
            {
                values.Add((value, sequence.Children[i]));
            }
        }

        return values;
    }
}
