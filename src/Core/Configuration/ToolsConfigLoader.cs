using System.Security.Cryptography;
using System.Text;
using McpGateway.Core.Configuration.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration;

/// <summary>
/// Reads and validates <c>tools.yaml</c>. Every problem of the file is reported at once, each with its line and column;
/// a result carries a snapshot only when there is none.
/// </summary>
public static class ToolsConfigLoader
{
    /// <summary>The file name inside the configuration folder.</summary>
    public const string FileName = "tools.yaml";

    /// <summary>Reads the file at <paramref name="path"/>; a missing or unreadable file is an error, not an exception.</summary>
    public static ConfigLoadResult Load(string path, ConfigContext context)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read the file: {e.Message}";
            return new ConfigLoadResult { Errors = [new ConfigError(path, 0, 0, reason)] };
        }

        return Parse(text, path, context);
    }

    /// <summary>Validates YAML text that came from <paramref name="sourcePath"/> (used in errors and for <c>${CONFIG_DIR}</c>).</summary>
    public static ConfigLoadResult Parse(string yamlText, string sourcePath, ConfigContext context)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(context);

        var fullPath = Path.GetFullPath(sourcePath);
        var diagnostics = new ConfigDiagnostics(sourcePath);
        var expander = new PlaceholderExpander(context.AppDirectory, Path.GetDirectoryName(fullPath)!, context.EnvironmentLookup);
        var root = YamlDocumentLoader.Load(yamlText, diagnostics);
        var (backends, quotas) = root is null ? ([], QuotaConfig.Default) : ReadRoot(root, new BackendConfigReader(diagnostics, expander), diagnostics);
        if (diagnostics.HasErrors)
        {
            return new ConfigLoadResult { Errors = diagnostics.ToList() };
        }

        return new ConfigLoadResult
        {
            Config = new ToolsConfig
            {
                Backends = backends,
                Quotas = quotas,
                SourcePath = fullPath,
                ContentDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yamlText))),
            },
        };
    }

    private static (List<BackendConfig> Backends, QuotaConfig Quotas) ReadRoot(YamlNode root, BackendConfigReader reader, ConfigDiagnostics diagnostics)
    {
        if (YamlValues.IsNull(root))
        {
            return ([], QuotaConfig.Default);
        }

        if (root is not YamlMappingNode rootMapping)
        {
            diagnostics.Add(root, string.Empty, $"expected a mapping with the key 'backends', got {YamlValues.Describe(root)}");
            return ([], QuotaConfig.Default);
        }

        var m = new YamlMapping(rootMapping, string.Empty, diagnostics, ConfigKeys.Root);
        return (ReadBackends(m, reader, diagnostics), QuotaConfigReader.Read(m));
    }

    private static List<BackendConfig> ReadBackends(YamlMapping m, BackendConfigReader reader, ConfigDiagnostics diagnostics)
    {
        if (m.Value("backends") is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            diagnostics.Add(node, "backends", $"expected a list of backends (entries starting with '- '), got {YamlValues.Describe(node)}");
            return [];
        }

        var backends = new List<BackendConfig>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (reader.Read(list.Children[i], YamlPath.Index("backends", i)) is { } backend)
            {
                backends.Add(backend);
            }
        }

        return backends;
    }
}
