using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>Typed reads of single YAML nodes; a failed read records an error and returns null.</summary>
internal static class YamlValues
{
    /// <summary>An empty value, <c>~</c> or <c>null</c> written without quotes.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>How a node reads in an error message.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s => $"'{s.Value}'",
        YamlScalarNode s => $"the quoted string '{s.Value}'",
        _ => "an alias",
    };

    public static string? String(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            return scalar.Value ?? string.Empty;
        }

        diagnostics.Add(node, path, $"expected a string, got {Describe(node)}");
        return null;
    }

    public static bool? Bool(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (Plain(node) is { } text)
        {
            if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        diagnostics.Add(node, path, $"expected true or false, got {Describe(node)}");
        return null;
    }

    public static int? Int(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (Plain(node) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        diagnostics.Add(node, path, $"expected a whole number, got {Describe(node)}");
        return null;
    }

    public static double? Double(YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (Plain(node) is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }

        diagnostics.Add(node, path, $"expected a number, got {Describe(node)}");
        return null;
    }

    /// <summary>One of <paramref name="names"/> (case-insensitive), else an error listing them.</summary>
    public static T? Enum<T>(YamlNode node, string path, IReadOnlyDictionary<string, T> names, ConfigDiagnostics diagnostics)
        where T : struct
    {
        if (node is not YamlScalarNode scalar || IsNull(scalar))
        {
            diagnostics.Add(node, path, $"expected one of {string.Join(", ", names.Keys)}, got {Describe(node)}");
            return null;
        }

        if (names.TryGetValue(scalar.Value!, out var value))
        {
            return value;
        }

        diagnostics.Add(node, path,
            $"'{scalar.Value}' is not one of {string.Join(", ", names.Keys)}{Spelling.Suggestion(scalar.Value!, names.Keys)}");
        return null;
    }

    /// <summary>The text of an unquoted scalar: numbers and booleans must not be quoted.</summary>
    private static string? Plain(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && !IsNull(scalar) ? scalar.Value : null;
}
