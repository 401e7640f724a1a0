namespace McpGateway.Edge.Health;

/// <summary>
/// Whether the configuration files on disk are valid. The node starts only with a valid configuration; afterwards a
/// rejected hot reload leaves the last good one in force, and readiness names the file as invalid until it is fixed
/// (its errors are in the log, not in the unauthenticated health body).
/// </summary>
internal sealed class ConfigHealth
{
    private volatile Rejection? _rejected;

    /// <summary>The last rejected change, or null when the files in force match the files on disk.</summary>
    public Rejection? Rejected => _rejected;

    public void Reject(string file, int errorCount) => _rejected = new Rejection(Path.GetFileName(file), errorCount);

    public void Accept() => _rejected = null;

    /// <summary>A file (name only) whose change was rejected, and how many errors it had.</summary>
    public sealed record Rejection(string File, int ErrorCount);
}
