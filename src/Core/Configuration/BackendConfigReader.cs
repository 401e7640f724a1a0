using System.Collections.ObjectModel;
using McpGateway.Core.Configuration.Yaml;
using McpGateway.Core.Protocol;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration;

/// <summary>Reads the entries of <c>backends:</c>; one instance per file, as it remembers the names already declared.</summary>
internal sealed partial class BackendConfigReader(ConfigDiagnostics diagnostics, PlaceholderExpander expander)
{
    private readonly Dictionary<string, int> _namesSeen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The backend as far as it could be read; callers discard it when any error was recorded.</summary>
    public BackendConfig? Read(YamlNode node, string path)
    {
        if (node is not YamlMappingNode mappingNode)
        {
            diagnostics.Add(node, path, $"expected a backend (a mapping with name, transport, ...), got {YamlValues.Describe(node)}");
            return null;
        }

        var m = new YamlMapping(mappingNode, path, diagnostics, ConfigKeys.Backend);
        var name = ReadName(m);
        var scope = ReadScope(m);
        var transport = m.Required("transport") is { } transportNode
            ? YamlValues.Enum(transportNode, m.PathOf("transport"), ConfigKeys.Transports, diagnostics)
            : null;

        var stdio = transport == BackendTransport.Stdio;
        var http = transport is { } t && t != BackendTransport.Stdio;
        if (stdio)
        {
            m.RejectIfPresent("url", "not used with transport stdio (the backend is a process: use 'command')");
            m.RejectIfPresent("headers", "not used with transport stdio");
        }
        else if (http)
        {
            const string reason = "only used with transport stdio";
            m.RejectIfPresent("command", $"{reason} (this backend is reached at 'url')");
            m.RejectIfPresent("env", reason);
            m.RejectIfPresent("working_directory", reason);
        }

        if (transport != BackendTransport.Grpc)
        {
            m.RejectIfPresent("grpc", "only used with transport grpc");
        }

        var breaker = BreakerConfigReader.Read(m, Traffic.BreakerSettings.Default) ?? Traffic.BreakerSettings.Default;
        var url = stdio ? null : ReadUrl(m, required: http);
        return new BackendConfig
        {
            Name = name ?? string.Empty,
            Scope = scope ?? name ?? string.Empty,
            Transport = transport ?? default,
            Url = url,
            Grpc = transport == BackendTransport.Grpc ? ReadGrpc(m, url) ?? GrpcSettings.Default : null,
            Command = http ? null : ReadCommand(m, required: stdio),
            Env = http ? ReadOnlyDictionary<string, string>.Empty : ReadEnv(m),
            WorkingDirectory = http ? null : ReadWorkingDirectory(m),
            Headers = stdio ? ReadOnlyDictionary<string, string>.Empty : ReadHeaders(m),
            Prefix = m.Bool("prefix") ?? true,
            TimeoutSeconds = m.Seconds("timeout_seconds") ?? 30,
            DiscoveryTimeoutSeconds = m.Seconds("discovery_timeout_seconds") ?? 2.5,
            Active = m.Bool("active") ?? true,
            ProtocolVersion = ReadProtocolVersion(m),
            SchemaValidation = m.Value("schema_validation") is { } validationNode
                ? YamlValues.Enum(validationNode, m.PathOf("schema_validation"), ConfigKeys.SchemaValidationModes, diagnostics) ?? SchemaValidationMode.Enforce
                : SchemaValidationMode.Enforce,
            CircuitBreaker = breaker,
            Tools = ReadTools(m, breaker),
            Line = (int)mappingNode.Start.Line,
        };
    }

    private string? ReadName(YamlMapping m)
    {
        if (m.Required("name") is not { } node || YamlValues.String(node, m.PathOf("name"), diagnostics) is not { } name)
        {
            return null;
        }

        if (!ConfigNames.IsName(name))
        {
            diagnostics.Add(node, m.PathOf("name"), $"'{name}' is not a valid backend name: use {ConfigNames.NameRule}");
        }

        if (_namesSeen.TryGetValue(name, out var firstLine))
        {
            diagnostics.Add(node, m.PathOf("name"), $"duplicate backend name '{name}' (first declared at line {firstLine})");
        }
        else
        {
            _namesSeen.Add(name, (int)node.Start.Line);
        }

        return name;
    }

    private string? ReadScope(YamlMapping m)
    {
        if (m.Value("scope") is not { } node || YamlValues.String(node, m.PathOf("scope"), diagnostics) is not { } scope)
        {
            return null;
        }

        if (!ConfigNames.IsName(scope))
        {
            diagnostics.Add(node, m.PathOf("scope"), $"'{scope}' is not a valid scope: use {ConfigNames.NameRule}");
        }
        else if (ConfigNames.ReservedScopes.Contains(scope))
        {
            diagnostics.Add(node, m.PathOf("scope"), $"'{scope}' is reserved for the gateway's own endpoints; choose another scope");
        }

        return scope;
    }

    private string? ReadProtocolVersion(YamlMapping m)
    {
        if (m.Value("protocol_version") is not { } node
            || YamlValues.String(node, m.PathOf("protocol_version"), diagnostics) is not { } version)
        {
            return null;
        }

        if (!McpRevisions.IsSupported(version))
        {
            diagnostics.Add(node, m.PathOf("protocol_version"),
                $"'{version}' is not one of {string.Join(", ", McpRevisions.All.Order(StringComparer.Ordinal))}");
        }

        return version;
    }

    private IReadOnlyDictionary<string, ToolSettings> ReadTools(YamlMapping m, Traffic.BreakerSettings breaker)
    {
        if (m.Value("tools") is not { } node)
        {
            return ReadOnlyDictionary<string, ToolSettings>.Empty;
        }

        if (node is not YamlMappingNode tools)
        {
            diagnostics.Add(node, m.PathOf("tools"), $"expected a mapping of tool name to settings, got {YamlValues.Describe(node)}");
            return ReadOnlyDictionary<string, ToolSettings>.Empty;
        }

        var result = new Dictionary<string, ToolSettings>(StringComparer.Ordinal);
        foreach (var (key, value) in tools.Children)
        {
            if (YamlValues.String(key, m.PathOf("tools"), diagnostics) is not { } toolName)
            {
                continue;
            }

            var path = YamlPath.Key(m.PathOf("tools"), toolName);
            if (!ConfigNames.IsToolName(toolName))
            {
                diagnostics.Add(key, path, "not a valid tool name: use 1 to 128 of A-Z, a-z, 0-9, '_', '-' and '.'");
            }

            result[toolName] = ToolSettingsReader.Read(value, path, diagnostics, breaker);
        }

        return result;
    }
}
