using System.Text.Json.Nodes;

namespace McpGateway.Core.Protocol;

/// <summary>
/// The severities of MCP log messages (RFC 5424, least severe first) and the rule a client's level sets: a
/// <c>notifications/message</c> goes to a client only when its level is at least as severe as the one the client asked
/// for (<c>logging/setLevel</c> on a session, <c>_meta/io.modelcontextprotocol/logLevel</c> on a 2026-07-28 request).
/// </summary>
public static class McpLogLevels
{
    public const string NotificationMethod = "notifications/message";

    /// <summary>The level that admits every message.</summary>
    public const string All = "debug";

    private static readonly string[] Ordered = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

    public static bool IsKnown(string? level) => level is not null && Array.IndexOf(Ordered, level) >= 0;

    /// <summary>
    /// Whether a log message with these params goes to a client that asked for <paramref name="minimum"/>; null: the
    /// client asked for none. A message without a known level goes only to a client that takes everything.
    /// </summary>
    public static bool Admits(string? minimum, JsonObject? parameters)
    {
        var wanted = minimum is null ? -1 : Array.IndexOf(Ordered, minimum);
        if (wanted < 0)
        {
            return false;
        }

        var level = parameters?["level"] is JsonValue value && value.TryGetValue<string>(out var text) ? Array.IndexOf(Ordered, text) : -1;
        return level >= 0 ? level >= wanted : wanted == 0;
    }
}
