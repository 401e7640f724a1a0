using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>A mapping read against a fixed set of keys: unknown keys are reported once, on construction.</summary>
internal sealed class YamlMapping
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public YamlMapping(YamlMappingNode node, string path, ConfigDiagnostics diagnostics, IReadOnlyCollection<string> knownKeys)
    {
        Node = node;
        Path = path;
        Diagnostics = diagnostics;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode scalar || YamlValues.IsNull(key))
            {
                diagnostics.Add(key, path, $"keys must be plain names, got {YamlValues.Describe(key)}");
            }
            else if (!knownKeys.Contains(scalar.Value!))
            {
                diagnostics.Add(key, PathOf(scalar.Value!), $"unknown key{Spelling.Suggestion(scalar.Value!, knownKeys)}");
            }
            else
            {
                _entries[scalar.Value!] = (scalar, value);
            }
        }
    }

    public YamlMappingNode Node { get; }

    public string Path { get; }

    public ConfigDiagnostics Diagnostics { get; }

    public string PathOf(string key) => YamlPath.Key(Path, key);

    /// <summary>The key node when the key is written, even with an empty value.</summary>
    public YamlScalarNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>The value, or null when the key is absent or its value is empty/<c>null</c>.</summary>
    public YamlNode? Value(string key) =>
        _entries.TryGetValue(key, out var entry) && !YamlValues.IsNull(entry.Value) ? entry.Value : null;

    /// <summary>The value of a required key; records "missing" (or "needs a value") and returns null otherwise.</summary>
    public YamlNode? Required(string key, string? why = null)
    {
        if (Value(key) is { } value)
        {
            return value;
        }

        if (KeyNode(key) is { } keyNode)
        {
            Diagnostics.Add(keyNode, PathOf(key), $"a value is required{why}");
        }
        else
        {
            Diagnostics.Add(Node, Path, $"missing required key '{key}'{why}");
        }

        return null;
    }

    public bool? Bool(string key) => Value(key) is { } node ? YamlValues.Bool(node, PathOf(key), Diagnostics) : null;

    /// <summary>A whole number greater than 0.</summary>
    public int? PositiveInt(string key)
    {
        if (Value(key) is not { } node || YamlValues.Int(node, PathOf(key), Diagnostics) is not { } value)
        {
            return null;
        }

        if (value > 0)
        {
            return value;
        }

        Diagnostics.Add(node, PathOf(key), $"must be greater than 0, got {value}");
        return null;
    }

    /// <summary>A whole number of 0 or more.</summary>
    public int? NonNegativeInt(string key)
    {
        if (Value(key) is not { } node || YamlValues.Int(node, PathOf(key), Diagnostics) is not { } value)
        {
            return null;
        }

        if (value >= 0)
        {
            return value;
        }

        Diagnostics.Add(node, PathOf(key), $"must be 0 or more, got {value}");
        return null;
    }

    /// <summary>A duration in seconds, greater than 0 and at most an hour.</summary>
    public double? Seconds(string key)
    {
        if (Value(key) is not { } node || YamlValues.Double(node, PathOf(key), Diagnostics) is not { } value)
        {
            return null;
        }

        if (value is > 0 and <= MaxSeconds)
        {
            return value;
        }

        Diagnostics.Add(node, PathOf(key), $"must be greater than 0 and at most {MaxSeconds} (seconds), got {value}");
        return null;
    }

    public T? Enum<T>(string key, IReadOnlyDictionary<string, T> names)
        where T : struct =>
        Value(key) is { } node ? YamlValues.Enum(node, PathOf(key), names, Diagnostics) : null;

    /// <summary>Reports a key that is written but has no meaning in this context.</summary>
    public void RejectIfPresent(string key, string reason)
    {
        if (KeyNode(key) is { } keyNode)
        {
            Diagnostics.Add(keyNode, PathOf(key), reason);
        }
    }

    private const double MaxSeconds = 3600;
}
