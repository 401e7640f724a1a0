using System.Text.Json.Nodes;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// The edge's one way to reach a session's stream or in-flight request wherever it is held: deliver a notification to
/// a session's stream, forward a client's message or answer to the node serving the session, cancel a request, end a
/// session on every node. Handlers act locally first and use this port only for what is not held here. Today's
/// implementation is <see cref="ClusterPublisher"/> over the cluster bus; delivery is at most once and never fails the
/// request that caused it.
/// </summary>
internal interface ISessionPort
{
    /// <summary>Whether another node can hold a stream (false on the embedded engine: a stream not here is nowhere).</summary>
    bool ReachesOtherNodes { get; }

    /// <summary>A notification for the stream of <paramref name="sessionId"/>, wherever it is open.</summary>
    Task NotifyStreamAsync(string sessionId, string method, JsonObject parameters);

    /// <summary>A client's message for the legacy SSE session <paramref name="sessionId"/>, served by the node holding its stream.</summary>
    Task ForwardClientMessageAsync(string sessionId, RemoteClientMessage message);

    /// <summary>A client's response for the node where the backend's request it answers waits.</summary>
    Task ForwardClientAnswerAsync(string sessionId, JsonObject response);

    /// <summary>Cancels the in-flight request with <paramref name="key"/> on whichever node serves it.</summary>
    Task CancelAsync(string key);

    /// <summary>Closes the streams and drops the subscriptions of an ended session on every node.</summary>
    Task SessionEndedAsync(string sessionId);
}
