using Orleans.Runtime;

namespace McpGateway.Grains.Sessions;

/// <summary>
/// Where a protocol session's stream and calls are held in the cluster (key: the session id; for requests without a
/// session, <c>user:&lt;id&gt;</c>, the scope of their cancellation keys). The node holding the session's stream
/// (<c>GET /mcp</c>, legacy <c>GET /sse</c>) attaches its <see cref="ISessionObserver"/> as the <em>holder</em>
/// (persisted: it survives the loss of the grain's silo); nodes serving the session's calls join as
/// <em>participants</em> (in memory, refreshed by the nodes). Messages are passed one at a time, in the order they
/// arrive (the grain is not reentrant and waits for each delivery).
/// </summary>
[Alias("mcpgw.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Makes <paramref name="observer"/> (on the silo <paramref name="silo"/>, node <paramref name="nodeId"/>) the holder
    /// of the session's stream, replacing any previous holder; again at each keep-alive.
    /// </summary>
    [Alias("Hold")]
    Task HoldAsync(ISessionObserver observer, string nodeId, SiloAddress silo);

    /// <summary>The stream closed: forgets the holder when it is still <paramref name="observer"/>.</summary>
    [Alias("Release")]
    Task ReleaseAsync(ISessionObserver observer);

    /// <summary>Registers a node that serves the session's calls (cancels and client answers reach it); again at each keep-alive.</summary>
    [Alias("Join")]
    Task JoinAsync(ISessionObserver observer, SiloAddress silo);

    /// <summary>Passes <paramref name="message"/> on to the holder or to every registered node, depending on its kind.</summary>
    [Alias("Send")]
    Task<SessionDelivery> SendAsync(SessionMessage message);
}
