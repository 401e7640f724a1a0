using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>Collects every error of one file; readers keep going after an error so all are reported at once.</summary>
internal sealed class ConfigDiagnostics(string file)
{
    private readonly List<ConfigError> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public void Add(Mark mark, string path, string message) =>
        _errors.Add(new ConfigError(file, (int)mark.Line, (int)mark.Column, path.Length == 0 ? message : $"{path}: {message}"));

    public void Add(YamlNode node, string path, string message) => Add(node.Start, path, message);

    /// <summary>The errors in file order (stable for errors at the same position).</summary>
    public IReadOnlyList<ConfigError> ToList() => [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
