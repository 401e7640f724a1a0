using McpGateway.Core.Configuration;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// The settings a backend's connection is made from (transport, url, command, env, working folder, headers, protocol
/// revision). A reload that changes any of them replaces the connection; other changes apply to the one there.
/// </summary>
internal static class ConnectionSettings
{
    public static bool Same(BackendConfig a, BackendConfig b) =>
        a.Transport == b.Transport
        && a.Url == b.Url
        && (a.Command ?? []).SequenceEqual(b.Command ?? [], StringComparer.Ordinal)
        && SameEntries(a.Env, b.Env, StringComparer.Ordinal)
        && a.WorkingDirectory == b.WorkingDirectory
        && SameEntries(a.Headers, b.Headers, StringComparer.OrdinalIgnoreCase)
        && a.ProtocolVersion == b.ProtocolVersion
        && a.Grpc == b.Grpc;

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b, StringComparer names) =>
        a.Count == b.Count
        && a.All(entry => b.Any(other => names.Equals(other.Key, entry.Key) && string.Equals(other.Value, entry.Value, StringComparison.Ordinal)));
}
