namespace McpGateway.Core.Cluster;

/// <summary>
/// Which node holds the stream of each legacy HTTP+SSE session (such a session lives as long as its stream), so that
/// the sessions of a node that died can be ended. PostgreSQL keeps a row per stream (<c>cluster_streams</c>); the
/// embedded engine has one node, whose streams die with it.
/// </summary>
public interface IStreamClaims
{
    /// <summary>Records that <paramref name="nodeId"/> holds the stream of <paramref name="sessionId"/>.</summary>
    Task ClaimAsync(string sessionId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Ends (deletes) the sessions whose stream <paramref name="nodeId"/> held and returns their ids; one atomic statement,
    /// so of several nodes ending them at once each session is returned to exactly one.
    /// </summary>
    Task<IReadOnlyList<string>> EndSessionsOfAsync(string nodeId, CancellationToken cancellationToken);
}
