using System.Text.Json.Nodes;
using McpGateway.Core.Cluster;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Listens on the <see cref="IClusterBus"/> and does on this node what other nodes ask: send a notification on a stream
/// held here, serve a client message for a legacy SSE session whose stream is here, complete a request to a client that
/// waits here with the client's answer, cancel a request served here, close
/// the streams of a session that ended elsewhere and end what this node held for it. Messages this node sent itself are ignored (it acted on them first).
/// </summary>
internal sealed partial class ClusterRelay(
    IClusterBus bus,
    LocalNode node,
    SessionStreams streams,
    LegacySseHandler legacy,
    InFlightRequests inFlight,
    ClientRequests clientRequests,
    SessionEndings endings,
    ILogger<ClusterRelay> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => bus.ListenAsync(DeliverAsync, stoppingToken);

    private async ValueTask DeliverAsync(string payload)
    {
        var message = ClusterMessage.TryDecode(payload);
        if (message is null || message.Origin == node.Id)
        {
            return;
        }

        try
        {
            switch (message.Kind)
            {
                case ClusterMessageKind.StreamNotification:
                    if (message.Body?["method"]?.GetValue<string>() is { } method && message.Body["params"] is JsonObject parameters)
                    {
                        streams.TryNotify(message.Target, method, parameters);
                    }

                    break;
                case ClusterMessageKind.ClientMessage when RemoteClientMessage.FromJson(message.Body) is { } remote:
                    legacy.ServeRemote(message.Target, remote);
                    break;
                case ClusterMessageKind.ClientAnswer when message.Body is { } response:
                    clientRequests.Complete(message.Target, JsonRpcMessage.FromNode(response));
                    break;
                case ClusterMessageKind.Cancel:
                    inFlight.Cancel(message.Target);
                    break;
                case ClusterMessageKind.SessionEnded:
                    streams.Close([message.Target]);
                    await endings.EndedAsync(message.Target);
                    break;
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogDeliveryFailed(exception, message.Kind.ToString());
        }
    }

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Cluster bus: a {Kind} message from another node failed here")]
    private partial void LogDeliveryFailed(Exception exception, string kind);
}
