namespace McpGateway.Core.Configuration;

/// <summary>What placeholders in <c>tools.yaml</c> expand to, besides <c>${CONFIG_DIR}</c> (the file's own folder).</summary>
public sealed record ConfigContext
{
    /// <summary>The gateway's executable folder, the value of <c>${APP_DIR}</c> (a trailing separator is dropped).</summary>
    public required string AppDirectory
    {
        get;
        init => field = Path.TrimEndingDirectorySeparator(value);
    }

    /// <summary>Resolves <c>${ENV:NAME}</c>; null means the variable is not set (a configuration error).</summary>
    /// <value><see cref="Environment.GetEnvironmentVariable(string)"/>.</value>
    public Func<string, string?> EnvironmentLookup { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The context of the running gateway: <see cref="AppContext.BaseDirectory"/> and the process environment.</summary>
    public static ConfigContext ForCurrentProcess() => new() { AppDirectory = AppContext.BaseDirectory };
}
