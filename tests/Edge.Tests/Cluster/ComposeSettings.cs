using System.Text.RegularExpressions;
using McpGateway.Tests.Common;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// The settings of the compose deployment, read from the repository's <c>compose.yaml</c> and <c>.env.example</c> the
/// way compose reads them (YAML merge keys, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR:?error}</c>, the
/// <c>env_file</c>), so that the local cluster runs what the files say and the files stay correct.
/// </summary>
internal sealed partial class ComposeSettings
{
    private readonly Dictionary<object, object> _services;
    private readonly IReadOnlyDictionary<string, string> _variables;

    private ComposeSettings(Dictionary<object, object> services, IReadOnlyDictionary<string, string> variables)
    {
        _services = services;
        _variables = variables;
    }

    public static string ComposeFile => Path.Combine(RepoPaths.Root, "compose.yaml");

    public static string EnvExampleFile => Path.Combine(RepoPaths.Root, ".env.example");

    /// <summary>Reads both files; <paramref name="operatorEnv"/> are the lines an operator changes in .env (the secrets).</summary>
    public static ComposeSettings Load(IReadOnlyDictionary<string, string> operatorEnv)
    {
        var variables = ReadEnvFile(File.ReadAllText(EnvExampleFile));
        foreach (var (key, value) in operatorEnv)
        {
            variables[key] = value;
        }

        using var reader = new StringReader(File.ReadAllText(ComposeFile));
        var root = (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize(new MergingParser(new Parser(reader)))!;
        return new ComposeSettings((Dictionary<object, object>)root["services"], variables);
    }

    /// <summary>The variables of the env file (what <c>env_file</c> passes to the nodes).</summary>
    public IReadOnlyDictionary<string, string> EnvFile => _variables;

    public IReadOnlyList<string> ServiceNames => [.. _services.Keys.Cast<string>()];

    /// <summary>A service's environment after interpolation, with the env file first when the service reads it.</summary>
    public Dictionary<string, string> Environment(string service)
    {
        var definition = Service(service);
        var result = definition.ContainsKey("env_file") ? new Dictionary<string, string>(_variables) : [];
        if (definition.TryGetValue("environment", out var environment))
        {
            foreach (var (key, value) in (Dictionary<object, object>)environment)
            {
                result[(string)key] = Interpolate(value?.ToString() ?? "");
            }
        }

        return result;
    }

    /// <summary>A service's <c>command</c>, interpolated.</summary>
    public IReadOnlyList<string> Command(string service) =>
        Service(service).TryGetValue("command", out var command) ? [.. ((List<object>)command).Select(c => Interpolate(c.ToString()!))] : [];

    /// <summary>A service's <c>image</c>, or null.</summary>
    public string? Image(string service) => Service(service).TryGetValue("image", out var image) ? image?.ToString() : null;

    /// <summary>A service's <c>entrypoint</c>, interpolated (empty when the image's own is used).</summary>
    public IReadOnlyList<string> Entrypoint(string service) =>
        Service(service).TryGetValue("entrypoint", out var entrypoint) ? [.. ((List<object>)entrypoint).Select(c => Interpolate(c.ToString()!))] : [];

    /// <summary>Whether a service publishes a port on the host.</summary>
    public bool Publishes(string service) => Service(service).ContainsKey("ports");

    /// <summary>The host side of a service's first published port.</summary>
    public string PublishedPort(string service) => Interpolate(((List<object>)Service(service)["ports"])[0].ToString()!).Split(':')[0];

    /// <summary>Compose's interpolation: <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR:?error}</c>.</summary>
    public string Interpolate(string text) => Variable().Replace(text, match =>
    {
        var name = match.Groups["name"].Value;
        var set = _variables.TryGetValue(name, out var value) && value.Length > 0;
        return match.Groups["op"].Value switch
        {
            ":-" => set ? value! : match.Groups["arg"].Value,
            ":?" => set ? value! : throw new InvalidOperationException($"compose.yaml: {name} must be set: {match.Groups["arg"].Value}"),
            _ => value ?? "",
        };
    });

    private Dictionary<object, object> Service(string name) => (Dictionary<object, object>)_services[name];

    private static Dictionary<string, string> ReadEnvFile(string text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Select(l => l.Trim()))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length > 0 && !line.StartsWith('#') && equals > 0)
            {
                variables[line[..equals]] = line[(equals + 1)..];
            }
        }

        return variables;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)(?:(?<op>:-|:\?)(?<arg>[^}]*))?\}")]
    private static partial Regex Variable();
}
