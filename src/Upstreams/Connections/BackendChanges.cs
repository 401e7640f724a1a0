namespace McpGateway.Upstreams.Connections;

/// <summary>
/// What a new set of backends changed in the pool, by name: connections <see cref="Added"/>, <see cref="Removed"/>
/// (also a backend turned inactive), <see cref="Replaced"/> (their connection settings changed) and
/// <see cref="Updated"/> (other settings changed; the connection and its sessions stay).
/// </summary>
public sealed record BackendChanges(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Replaced,
    IReadOnlyList<string> Updated)
{
    public bool IsEmpty => Added.Count + Removed.Count + Replaced.Count + Updated.Count == 0;

    public override string ToString() =>
        IsEmpty ? "no backend changed"
        : string.Join("; ", new[] { ("added", Added), ("removed", Removed), ("replaced", Replaced), ("updated", Updated) }
            .Where(c => c.Item2.Count > 0)
            .Select(c => $"{c.Item1} {string.Join(", ", c.Item2)}"));
}
