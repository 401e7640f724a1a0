using System.Text.Json.Nodes;

namespace McpGateway.Core.Sessions;

/// <summary>
/// The records of stateful MCP sessions (revisions 2025-11-25, 2025-06-18, 2025-03-26 and the 2024-11-05 SSE transport),
/// shared by every node: a session opened, changed or ended on one node is seen so by the others at once. Sessions idle
/// for the idle timeout end on their own. The 2026-07-28 revision is stateless and never touches this store.
/// </summary>
public interface ISessionStore
{
    /// <summary>
    /// Opens the session unless its owner already has <paramref name="maxPerOwner"/> open sessions (then stores nothing
    /// and returns false). Concurrent openings for one owner, on any node, never pass the cap together.
    /// </summary>
    Task<bool> TryCreateAsync(SessionRecord session, int maxPerOwner, CancellationToken cancellationToken);

    /// <summary>
    /// The session when it belongs to <paramref name="ownerUserId"/> on <paramref name="scope"/>, recording activity at
    /// <paramref name="seenAt"/>; null when it is unknown, ended, idle, or another user's or scope's (then it is left
    /// untouched: no activity recorded).
    /// </summary>
    ValueTask<SessionRecord?> GetAsync(string sessionId, string ownerUserId, string? scope, DateTimeOffset seenAt, CancellationToken cancellationToken);

    /// <summary>Replaces the mutable parts of a session (client data, log level, subscriptions, initialized flag).</summary>
    Task UpdateAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>Ends a session; true when it was open.</summary>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken);
}

/// <summary>One stateful MCP session.</summary>
public sealed record SessionRecord
{
    public required string Id { get; init; }
    public required string ProtocolVersion { get; init; }
    /// <summary>The scope the session was opened on (null: the unscoped endpoint).</summary>
    public string? Scope { get; init; }
    /// <summary>The authenticated user that opened the session; other users cannot use it.</summary>
    public required string OwnerUserId { get; init; }
    public JsonObject? ClientInfo { get; init; }
    public JsonObject? ClientCapabilities { get; init; }
    public bool Initialized { get; init; }
    public string? LogLevel { get; init; }
    public IReadOnlyList<string> Subscriptions { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset LastSeenAt { get; init; }
}
