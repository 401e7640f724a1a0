using System.Collections.Concurrent;

namespace McpGateway.Edge.Health;

/// <summary>
/// Whether the configuration files on disk are valid. The node starts only with a valid configuration; afterwards a
/// rejected hot reload leaves the last good one in force, and readiness names the file as invalid until it is fixed
/// (its errors are in the log, not in the unauthenticated health body).
/// </summary>
internal sealed class ConfigHealth
{
    private readonly ConcurrentDictionary<string, Rejection> _rejected = new(StringComparer.Ordinal);

    /// <summary>The files whose last change was rejected (empty when the files in force match the files on disk).</summary>
    public IReadOnlyList<Rejection> Rejected => [.. _rejected.Values.OrderBy(r => r.File, StringComparer.Ordinal)];

    /// <param name="file">The file's name (not its path).</param>
    public void Reject(string file, int errorCount) => _rejected[file] = new Rejection(file, errorCount);

    public void Accept(string file) => _rejected.TryRemove(file, out _);

    /// <summary>A file (name only) whose change was rejected, and how many errors it had.</summary>
    public sealed record Rejection(string File, int ErrorCount);
}
