namespace McpGateway.Core.Configuration.Yaml;

/// <summary>Builds the dotted paths used in error messages: <c>backends[0].tools.echo.risk</c>.</summary>
internal static class YamlPath
{
    public static string Key(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
