using System.Text.RegularExpressions;

namespace McpGateway.Core.Configuration;

/// <summary>The spelling rules of names in <c>tools.yaml</c>.</summary>
internal static partial class ConfigNames
{
    /// <summary>The rule of backend names and scopes, as shown in errors.</summary>
    public const string NameRule = "lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 64 characters";

    /// <summary>Scopes that would shadow the gateway's own routes (<c>/admin/...</c>, <c>/health/...</c>, ...).</summary>
    public static readonly IReadOnlySet<string> ReservedScopes =
        new HashSet<string>(["admin", "health", "metrics", "dashboard", "token", "mcp", "sse", "messages"], StringComparer.Ordinal);

    public static bool IsName(string value) => NameRegex().IsMatch(value);

    /// <summary>MCP tool names: 1 to 128 of A-Z, a-z, 0-9, '_', '-' and '.'.</summary>
    public static bool IsToolName(string value) => ToolNameRegex().IsMatch(value);

    public static bool IsEnvironmentVariable(string value) => EnvironmentVariableRegex().IsMatch(value);

    /// <summary>An HTTP header field name (an RFC 9110 token).</summary>
    public static bool IsHeaderName(string value) => HeaderNameRegex().IsMatch(value);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex ToolNameRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableRegex();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderNameRegex();
}
