namespace McpGateway.Core.Configuration;

/// <summary>
/// The <c>tools.yaml</c> in force. A reload swaps in a new snapshot only when the new text is valid: the last good one
/// stays otherwise. Readers take <see cref="Current"/> once per call, so a call never mixes two versions.
/// </summary>
public sealed class ToolsConfigSource(ToolsConfig initial)
{
    private volatile ToolsConfig _current = initial;

    public ToolsConfig Current => _current;

    /// <summary>Validates <paramref name="yamlText"/> (as the file the current snapshot came from); a valid one becomes the snapshot in force.</summary>
    public ConfigLoadResult Reload(string yamlText, ConfigContext context)
    {
        var result = ToolsConfigLoader.Parse(yamlText, _current.SourcePath, context);
        if (result.Config is { } config)
        {
            _current = config;
        }

        return result;
    }
}
