using System.Text.Json.Nodes;
using McpGateway.Core.Cluster;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Sends this node's requests to the other nodes over the <see cref="IClusterBus"/>. A failure to publish is logged and
/// never fails the request that caused it: the bus is at most once.
/// </summary>
internal sealed partial class ClusterPublisher(IClusterBus bus, LocalNode node, ILogger<ClusterPublisher> logger)
{
    /// <summary>Whether another node can hold a stream (false on the embedded engine: a stream not here is nowhere).</summary>
    public bool ReachesOtherNodes => bus.ReachesOtherNodes;

    /// <summary>A notification for the stream of <paramref name="sessionId"/>, wherever it is open.</summary>
    public Task NotifyStreamAsync(string sessionId, string method, JsonObject parameters) =>
        PublishAsync(ClusterMessageKind.StreamNotification, sessionId, new JsonObject { ["method"] = method, ["params"] = parameters.DeepClone() });

    /// <summary>A client's message for the legacy SSE session <paramref name="sessionId"/>, served by the node holding its stream.</summary>
    public Task ForwardClientMessageAsync(string sessionId, JsonObject body) => PublishAsync(ClusterMessageKind.ClientMessage, sessionId, body);

    /// <summary>A client's response for the node where the backend's request it answers waits.</summary>
    public Task ForwardClientAnswerAsync(string sessionId, JsonObject response) => PublishAsync(ClusterMessageKind.ClientAnswer, sessionId, response);

    /// <summary>Cancels the in-flight request with <paramref name="key"/> on whichever node serves it.</summary>
    public Task CancelAsync(string key) => PublishAsync(ClusterMessageKind.Cancel, key, null);

    /// <summary>Closes the streams and drops the subscriptions of an ended session on every node.</summary>
    public Task SessionEndedAsync(string sessionId) => PublishAsync(ClusterMessageKind.SessionEnded, sessionId, null);

    private async Task PublishAsync(ClusterMessageKind kind, string target, JsonObject? body)
    {
        try
        {
            await bus.PublishAsync(new ClusterMessage(kind, node.Id, target, body).Encode(), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogPublishFailed(exception, kind.ToString());
        }
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Cluster bus: could not publish a {Kind} message")]
    private partial void LogPublishFailed(Exception exception, string kind);
}
