using System.Text.Json.Nodes;

namespace McpGateway.Core.Sessions;

/// <summary>
/// Durable state of stateful MCP sessions (revisions 2025-11-25, 2025-06-18, 2025-03-26 and the 2024-11-05 SSE transport).
/// The 2026-07-28 revision is stateless and never touches this store.
/// </summary>
public interface ISessionStore
{
    Task CreateAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the session unless its owner already has <paramref name="maxPerOwner"/> sessions (then stores nothing and
    /// returns false). Concurrent creations for one owner, on any node sharing the store, never pass the cap together.
    /// </summary>
    Task<bool> TryCreateAsync(SessionRecord session, int maxPerOwner, CancellationToken cancellationToken);

    /// <summary>The session, or null when it is unknown, ended or evicted.</summary>
    ValueTask<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Records activity; implementations may coalesce writes (a session is idle only after minutes).</summary>
    ValueTask TouchAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces the mutable parts of a session (log level, subscriptions, initialized flag).</summary>
    Task UpdateAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>Ends a session; true when it existed.</summary>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Removes sessions whose last activity is before <paramref name="idleBefore"/>, returning their ids.</summary>
    Task<IReadOnlyList<string>> EvictIdleAsync(DateTimeOffset idleBefore, CancellationToken cancellationToken);
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
