using System.Text.Json.Nodes;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// The edge's one way to reach a session's stream or in-flight request wherever it is held: deliver a notification to
/// a session's stream, forward a client's message or answer to the node serving the session, cancel a request, end a
/// session on every node; and, on the other side, tell the cluster which streams this node holds and whose calls it
/// serves. Handlers act locally first and use this port only for what is not held here. The implementation is
/// <see cref="OrleansSessionPort"/>: the session's grain and one observer per node. A notification, answer, cancel or
/// ending that cannot be delivered is logged and never fails the request that caused it; a legacy client message that
/// cannot be delivered is reported, so its poster gets an error.
/// </summary>
internal interface ISessionPort
{
    /// <summary>Whether another node can hold a stream (false on the embedded engine: a stream not here is nowhere).</summary>
    bool ReachesOtherNodes { get; }

    /// <summary>This node holds the stream of <paramref name="sessionId"/> (opened; kept alive until <see cref="ReleaseStreamAsync"/>).</summary>
    Task HoldStreamAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>This node's stream of <paramref name="sessionId"/> closed.</summary>
    Task ReleaseStreamAsync(string sessionId);

    /// <summary>
    /// This node serves a call whose cancellation scope is <paramref name="scope"/> (a session id, or <c>user:&lt;id&gt;</c>)
    /// until the returned handle is disposed: cancels and client answers posted to other nodes reach it.
    /// </summary>
    IDisposable Serving(string scope);

    /// <summary>A notification for the stream of <paramref name="sessionId"/>, wherever it is open.</summary>
    Task NotifyStreamAsync(string sessionId, string method, JsonObject parameters);

    /// <summary>A client's message for the legacy SSE session <paramref name="sessionId"/>, served by the node holding its stream.</summary>
    Task<ForwardOutcome> ForwardClientMessageAsync(string sessionId, RemoteClientMessage message);

    /// <summary>A client's response for the node where the backend's request it answers waits.</summary>
    Task ForwardClientAnswerAsync(string sessionId, JsonObject response);

    /// <summary>Cancels the in-flight request with <paramref name="key"/> (cancellation scope <paramref name="scope"/>) on whichever node serves it.</summary>
    Task CancelAsync(string scope, string key);

    /// <summary>Closes the streams and drops the subscriptions of an ended session on every node.</summary>
    Task SessionEndedAsync(string sessionId);
}

/// <summary>What became of a legacy client message forwarded to the node holding its session's stream.</summary>
internal enum ForwardOutcome
{
    /// <summary>The holder took it.</summary>
    Delivered,

    /// <summary>No live node holds the stream (it closed, or its node is gone): the session is over.</summary>
    Gone,

    /// <summary>The session's grain could not be reached (e.g. its silo just died and the cluster does not know yet): retry.</summary>
    Unavailable,
}
