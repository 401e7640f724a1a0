using System.Text.Json.Nodes;
using McpGateway.Core.Cluster;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// The <see cref="ISessionPort"/> over the <see cref="IClusterBus"/>: sends this node's requests to the other nodes. A
/// failure to publish is logged and never fails the request that caused it: the bus is at most once.
/// </summary>
internal sealed partial class ClusterPublisher(IClusterBus bus, LocalNode node, ILogger<ClusterPublisher> logger) : ISessionPort
{
    public bool ReachesOtherNodes => bus.ReachesOtherNodes;

    public Task NotifyStreamAsync(string sessionId, string method, JsonObject parameters) =>
        PublishAsync(ClusterMessageKind.StreamNotification, sessionId, new JsonObject { ["method"] = method, ["params"] = parameters.DeepClone() });

    public Task ForwardClientMessageAsync(string sessionId, RemoteClientMessage message) => PublishAsync(ClusterMessageKind.ClientMessage, sessionId, message.ToJson());

    public Task ForwardClientAnswerAsync(string sessionId, JsonObject response) => PublishAsync(ClusterMessageKind.ClientAnswer, sessionId, response);

    public Task CancelAsync(string key) => PublishAsync(ClusterMessageKind.Cancel, key, null);

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
