using McpGateway.Core.Configuration;

namespace McpGateway.Core.Tests.Configuration;

internal static class ConfigTestHelper
{
    public const string AppDir = "/opt/mcpgw";

    public static readonly string ConfigDir = Path.Combine(Path.GetTempPath(), "mcpgw-config");

    public static readonly string SourcePath = Path.Combine(ConfigDir, "tools.yaml");

    public static ConfigContext Context(IReadOnlyDictionary<string, string>? environment = null) => new()
    {
        AppDirectory = AppDir,
        EnvironmentLookup = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
    };

    public static ConfigLoadResult Parse(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        ToolsConfigLoader.Parse(yaml, SourcePath, Context(environment));

    public static ToolsConfig ParseValid(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Parse(yaml, environment);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Config!;
    }

    /// <summary>The single error of an invalid file.</summary>
    public static ConfigError SingleError(string yaml)
    {
        var result = Parse(yaml);
        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        return Assert.Single(result.Errors);
    }

    public static void AssertError(ConfigError error, int line, int column, string messageFragment)
    {
        Assert.Contains(messageFragment, error.Message, StringComparison.Ordinal);
        Assert.True(
            (line, column) == (error.Line, error.Column),
            $"expected {line}:{column}, got {error.Line}:{error.Column} for '{error.Message}'");
    }
}
