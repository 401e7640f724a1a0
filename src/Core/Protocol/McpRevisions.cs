namespace McpGateway.Core.Protocol;

/// <summary>The MCP protocol revisions the gateway serves and how each behaves.</summary>
public static class McpRevisions
{
    /// <summary>Stateless revision: no initialize, no session, per-request <c>_meta</c>, standard headers.</summary>
    public const string V2026_07_28 = "2026-07-28";
    public const string V2025_11_25 = "2025-11-25";
    public const string V2025_06_18 = "2025-06-18";
    public const string V2025_03_26 = "2025-03-26";
    /// <summary>The HTTP+SSE transport's revision.</summary>
    public const string V2024_11_05 = "2024-11-05";

    /// <summary>Revisions negotiated with <c>initialize</c> (stateful sessions), newest first.</summary>
    public static IReadOnlyList<string> Stateful { get; } = [V2025_11_25, V2025_06_18, V2025_03_26, V2024_11_05];

    /// <summary>Revisions that carry their metadata on every request (stateless).</summary>
    public static IReadOnlyList<string> Stateless { get; } = [V2026_07_28];

    public static IReadOnlyList<string> All { get; } = [.. Stateless, .. Stateful];

    public static bool IsStateless(string? version) => version is not null && Stateless.Contains(version, StringComparer.Ordinal);

    public static bool IsStateful(string? version) => version is not null && Stateful.Contains(version, StringComparer.Ordinal);

    public static bool IsSupported(string? version) => IsStateless(version) || IsStateful(version);

    /// <summary>The revision to answer an <c>initialize</c> with: the requested one when stateful and supported, else the newest stateful.</summary>
    public static string Negotiate(string? requested) => IsStateful(requested) ? requested! : V2025_11_25;
}
