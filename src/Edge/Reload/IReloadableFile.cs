using McpGateway.Core.Configuration;

namespace McpGateway.Edge.Reload;

/// <summary>A configuration file that is reloaded while the node runs (<c>tools.yaml</c>, <c>policy.yaml</c>).</summary>
internal interface IReloadableFile
{
    /// <summary>The file's full path.</summary>
    string Path { get; }

    /// <summary>The version in force (from the content of the file it came from).</summary>
    string Version { get; }

    /// <summary>Whether text with this SHA-256 (lower-case hex) is the text in force.</summary>
    bool IsInForce(string digest);

    /// <summary>Validates the new text; when valid it takes effect and the result says what changed, else it lists every error.</summary>
    Task<ReloadResult> ApplyAsync(string text, CancellationToken cancellationToken);
}

/// <summary>The outcome of one reload: every error (nothing changed), or what the change did.</summary>
internal sealed record ReloadResult(IReadOnlyList<ConfigError> Errors, string Changes = "")
{
    public static ReloadResult Rejected(IReadOnlyList<ConfigError> errors) => new(errors);

    public static ReloadResult Applied(string changes) => new([], changes);
}
