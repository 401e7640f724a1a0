using System.Text;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>
/// Expands <c>${APP_DIR}</c>, <c>${CONFIG_DIR}</c> and <c>${ENV:NAME}</c>; <c>$${</c> stands for a literal <c>${</c>.
/// Errors quote the written value only, never an expanded one (it may hold a secret from the environment).
/// </summary>
internal sealed class PlaceholderExpander(string appDirectory, string configDirectory, Func<string, string?> environment)
{
    public string ConfigDirectory => configDirectory;

    /// <summary>The expanded value, or null when a placeholder is unknown, unterminated or unset (errors recorded).</summary>
    public string? Expand(string value, YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        var ok = true;
        var i = 0;
        while (i < value.Length)
        {
            if (value.AsSpan(i).StartsWith("$${"))
            {
                result.Append("${");
                i += 3;
            }
            else if (value.AsSpan(i).StartsWith("${"))
            {
                var end = value.IndexOf('}', i + 2);
                if (end < 0)
                {
                    diagnostics.Add(node, path, $"unterminated placeholder '{value[i..]}': close it with '}}'");
                    return null;
                }

                var replacement = Resolve(value[(i + 2)..end], node, path, diagnostics);
                ok &= replacement is not null;
                result.Append(replacement);
                i = end + 1;
            }
            else
            {
                result.Append(value[i]);
                i++;
            }
        }

        return ok ? result.ToString() : null;
    }

    private string? Resolve(string name, YamlNode node, string path, ConfigDiagnostics diagnostics)
    {
        switch (name)
        {
            case "APP_DIR":
                return appDirectory;
            case "CONFIG_DIR":
                return configDirectory;
            case var env when env.StartsWith("ENV:", StringComparison.Ordinal):
                var variable = env[4..];
                if (!ConfigNames.IsEnvironmentVariable(variable))
                {
                    diagnostics.Add(node, path, $"'${{{name}}}' does not name an environment variable");
                    return null;
                }

                var found = environment(variable);
                if (found is null)
                {
                    diagnostics.Add(node, path, $"environment variable '{variable}' is not set (used as '${{{name}}}')");
                }

                return found;
            default:
                diagnostics.Add(node, path, $"unknown placeholder '${{{name}}}': use ${{APP_DIR}}, ${{CONFIG_DIR}} or ${{ENV:NAME}}");
                return null;
        }
    }
}
