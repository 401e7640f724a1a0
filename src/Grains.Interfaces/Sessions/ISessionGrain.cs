using Orleans.Concurrency;
using Orleans.Runtime;

namespace McpGateway.Grains.Sessions;

/// <summary>
/// Where a protocol session's stream and calls are held in the cluster (key: the session id; for requests without a
/// session, <c>user:&lt;id&gt;</c>, the scope of their cancellation keys). The node holding the session's stream
/// (<c>GET /mcp</c>, legacy <c>GET /sse</c>) attaches its <see cref="ISessionObserver"/> as the <em>holder</em>
/// (persisted: it survives the loss of the grain's silo); nodes serving the session's calls join as
/// <em>participants</em> (in memory, refreshed by the nodes). Messages are passed one at a time, in the order they
/// arrive (the grain is not reentrant and waits for each delivery).
/// <para>
/// The grain also keeps the session's <see cref="SessionState"/> (persisted): opened, read by the nodes serving the
/// session (which records its activity; a node reads it once a second at most and serves its requests in between from
/// what it read), updated (which tells those nodes, so they read it again), ended. A session unused for its idle timeout is ended by its grain,
/// which tells every node that used it (they close its streams and backend sessions). The nodes that read a session
/// pass their observer, so the grain knows them.
/// </para>
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

    /// <summary>Opens the session with <paramref name="session"/>; false when a session with its id exists already.</summary>
    [Alias("Open")]
    Task<bool> OpenAsync(SessionState session, ISessionObserver node, SiloAddress silo);

    /// <summary>
    /// The session when it is open and belongs to <paramref name="ownerUserId"/> on <paramref name="scope"/>, recording
    /// activity at <paramref name="seenAt"/> by the node of <paramref name="node"/>; null when it was never opened,
    /// ended, has been idle for its idle timeout, or is another user's or scope's (then nothing is recorded: another
    /// user's request never keeps a session alive nor makes its node a user of it). Interleaves with deliveries in progress.
    /// </summary>
    [Alias("GetOwned")]
    [AlwaysInterleave]
    Task<SessionState?> GetAsync(string ownerUserId, string? scope, DateTimeOffset seenAt, ISessionObserver node, SiloAddress silo);

    /// <summary>
    /// Replaces the mutable parts of the session (client data, initialized, log level, subscriptions) and tells every
    /// node that read it (<see cref="SessionMessageKind.SessionChanged"/>) before it returns; false when it is not open.
    /// </summary>
    [Alias("Update")]
    Task<bool> UpdateAsync(SessionState session);

    /// <summary>Ends the session (its record is deleted); true when it was open. The nodes are told by a <see cref="SessionMessageKind.SessionEnded"/> message.</summary>
    [Alias("End")]
    Task<bool> EndAsync();

    /// <summary>Whether the session is open (for its owner's grain, counting sessions).</summary>
    [Alias("IsOpen")]
    [AlwaysInterleave]
    Task<bool> IsOpenAsync();

    /// <summary>Passes <paramref name="message"/> on to the holder or to every registered node, depending on its kind.</summary>
    [Alias("Send")]
    Task<SessionDelivery> SendAsync(SessionMessage message);
}
