namespace McpGateway.Core.Cluster;

/// <summary>
/// When a node counts as dead: its last heartbeat is older than <see cref="DeadAfter"/>. Heartbeats come every
/// <see cref="HeartbeatInterval"/> and every node sweeps as often, so a dead node is marked within
/// <c>DeadAfter + HeartbeatInterval</c>.
/// </summary>
public sealed record NodeLiveness
{
    /// <value>Default 2 s.</value>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <value>Default 6 s (three missed heartbeats).</value>
    public TimeSpan DeadAfter { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>How long rows of dead and departed nodes stay listed.</summary>
    /// <value>Default 1 h.</value>
    public TimeSpan KeepDeparted { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Heartbeats older than this, at <paramref name="now"/>, are overdue.</summary>
    public DateTimeOffset DeadlineAt(DateTimeOffset now) => now - DeadAfter;

    public bool IsOverdue(ClusterNode node, DateTimeOffset now) =>
        node.Status is NodeStatus.Alive or NodeStatus.Leaving && node.HeartbeatAt < DeadlineAt(now);
}
