using System.Collections.ObjectModel;
using McpGateway.Core.Configuration.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration;

/// <summary>How a backend is reached: the URL and headers of HTTP transports, the process of stdio.</summary>
internal sealed partial class BackendConfigReader
{
    private const string HttpTransports = "streamable-http, sse, jsonrpc and grpc";

    private Uri? ReadUrl(YamlMapping m, bool required)
    {
        var node = required ? m.Required("url", $" (transports {HttpTransports} need it)") : m.Value("url");
        if (node is null || YamlValues.String(node, m.PathOf("url"), diagnostics) is not { } written)
        {
            return null;
        }

        if (expander.Expand(written, node, m.PathOf("url"), diagnostics) is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.Host.Length > 0)
        {
            return url;
        }

        diagnostics.Add(node, m.PathOf("url"), $"'{written}' is not an absolute http:// or https:// URL");
        return null;
    }

    private IReadOnlyList<string>? ReadCommand(YamlMapping m, bool required)
    {
        var node = required ? m.Required("command", " (transport stdio runs it)") : m.Value("command");
        var path = m.PathOf("command");
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                diagnostics.Add(node, path,
                    $"must be an argument vector, not a single shell string: write it as a list, e.g. [{string.Join(", ", (scalar.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))}]");
                return null;
            case not YamlSequenceNode:
                diagnostics.Add(node, path, $"expected a list (program first, then its arguments), got {YamlValues.Describe(node)}");
                return null;
        }

        var items = ((YamlSequenceNode)node).Children;
        if (items.Count == 0)
        {
            diagnostics.Add(node, path, "must name at least the program to run");
            return null;
        }

        var arguments = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = YamlPath.Index(path, i);
            if (YamlValues.String(items[i], itemPath, diagnostics) is { } written
                && expander.Expand(written, items[i], itemPath, diagnostics) is { } argument)
            {
                if (i == 0 && argument.Length == 0)
                {
                    diagnostics.Add(items[i], itemPath, "the program must not be empty");
                }

                arguments.Add(argument);
            }
        }

        return arguments;
    }

    private string? ReadWorkingDirectory(YamlMapping m)
    {
        if (m.Value("working_directory") is not { } node
            || YamlValues.String(node, m.PathOf("working_directory"), diagnostics) is not { } written
            || expander.Expand(written, node, m.PathOf("working_directory"), diagnostics) is not { } folder)
        {
            return null;
        }

        // Relative folders are relative to tools.yaml, not to wherever the gateway happened to be started.
        return Path.GetFullPath(folder, expander.ConfigDirectory);
    }

    private IReadOnlyDictionary<string, string> ReadEnv(YamlMapping m) =>
        ReadStringMap(m, "env", StringComparer.Ordinal, (name, keyNode, path) =>
        {
            if (!ConfigNames.IsEnvironmentVariable(name))
            {
                diagnostics.Add(keyNode, path, "not a valid environment variable name: use letters, digits and '_', not starting with a digit");
            }
        });

    private IReadOnlyDictionary<string, string> ReadHeaders(YamlMapping m) =>
        ReadStringMap(m, "headers", StringComparer.OrdinalIgnoreCase, (name, keyNode, path) =>
        {
            if (!ConfigNames.IsHeaderName(name))
            {
                diagnostics.Add(keyNode, path, "not a valid HTTP header name");
            }
            else if (ConfigKeys.ReservedHeaders.Contains(name))
            {
                diagnostics.Add(keyNode, path, "this header is set by the gateway itself and cannot be configured");
            }
        });

    private IReadOnlyDictionary<string, string> ReadStringMap(
        YamlMapping m, string key, StringComparer comparer, Action<string, YamlNode, string> checkName)
    {
        if (m.Value(key) is not { } node)
        {
            return ReadOnlyDictionary<string, string>.Empty;
        }

        if (node is not YamlMappingNode map)
        {
            diagnostics.Add(node, m.PathOf(key), $"expected a mapping of name to value, got {YamlValues.Describe(node)}");
            return ReadOnlyDictionary<string, string>.Empty;
        }

        var result = new Dictionary<string, string>(comparer);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (YamlValues.String(keyNode, m.PathOf(key), diagnostics) is not { } name)
            {
                continue;
            }

            var path = YamlPath.Key(m.PathOf(key), name);
            checkName(name, keyNode, path);
            if (result.ContainsKey(name))
            {
                diagnostics.Add(keyNode, path, "duplicate name (names differ only in case)");
            }

            if (YamlValues.String(valueNode, path, diagnostics) is { } written
                && expander.Expand(written, valueNode, path, diagnostics) is { } value)
            {
                if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
                {
                    diagnostics.Add(valueNode, path, "must not contain line breaks or NUL characters");
                }

                result[name] = value;
            }
        }

        return result;
    }
}
