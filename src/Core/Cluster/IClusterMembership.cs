namespace McpGateway.Core.Cluster;

/// <summary>
/// The nodes of the cluster and what each holds that must be recovered when it dies. The PostgreSQL engine keeps one
/// row per node; the embedded engine knows only its own node.
/// </summary>
public interface IClusterMembership
{
    /// <summary>Writes the node's row (insert or update); a node marked dead that heartbeats again is alive again.</summary>
    Task HeartbeatAsync(ClusterNode node, CancellationToken cancellationToken);

    /// <summary>Sets the node's status (<see cref="NodeStatus.Leaving"/> while draining, <see cref="NodeStatus.Left"/> at exit).</summary>
    Task SetStatusAsync(string nodeId, NodeStatus status, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Marks dead, atomically, every alive or leaving node whose heartbeat is older than <paramref name="heartbeatBefore"/>,
    /// and returns their ids: each dead node is returned to exactly one caller, which recovers it. Rows of nodes dead or
    /// gone since before <paramref name="forgetBefore"/> are deleted.
    /// </summary>
    Task<IReadOnlyList<string>> MarkDeadAsync(DateTimeOffset heartbeatBefore, DateTimeOffset forgetBefore, CancellationToken cancellationToken);

    /// <summary>Every known node, alive ones first, by id.</summary>
    Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="nodeId"/> holds the stream of a session that ends with its stream (legacy SSE).</summary>
    Task ClaimStreamAsync(string sessionId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Ends the sessions whose stream <paramref name="nodeId"/> held (it died, or it restarts with the same id); returns their ids.</summary>
    Task<IReadOnlyList<string>> RecoverStreamsAsync(string nodeId, CancellationToken cancellationToken);
}
