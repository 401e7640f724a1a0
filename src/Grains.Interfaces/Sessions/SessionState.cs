namespace McpGateway.Grains.Sessions;

/// <summary>
/// The record of a stateful protocol session (revisions 2025-11-25, 2025-06-18, 2025-03-26 and the legacy 2024-11-05
/// SSE transport) as its <see cref="ISessionGrain"/> keeps it: persisted in grain storage (<c>grains</c>), passed to the
/// edge on every request of the session. The client's info and capabilities travel as JSON text.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("mcpgw.SessionState")]
public sealed record SessionState
{
    [Id(0)]
    public string Id { get; init; } = "";

    [Id(1)]
    public string ProtocolVersion { get; init; } = "";

    /// <summary>The scope the session was opened on (null: the unscoped endpoint).</summary>
    [Id(2)]
    public string? Scope { get; init; }

    /// <summary>The user that opened the session; no one else may use it.</summary>
    [Id(3)]
    public string OwnerUserId { get; init; } = "";

    [Id(4)]
    public string? ClientInfo { get; init; }

    [Id(5)]
    public string? ClientCapabilities { get; init; }

    [Id(6)]
    public bool Initialized { get; init; }

    [Id(7)]
    public string? LogLevel { get; init; }

    [Id(8)]
    public string[] Subscriptions { get; init; } = [];

    [Id(9)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(10)]
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>How long the session may stay unused before it is ended (the node's idle timeout when it was opened).</summary>
    [Id(11)]
    public TimeSpan IdleTimeout { get; init; }
}
