using McpGateway.Core.Pipeline;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Relay;

/// <summary>Where a backend session's messages about calls go: the connection that owns the session.</summary>
internal interface IRelayTarget
{
    /// <summary>A <c>notifications/progress</c>: delivered before anything the backend sent after it.</summary>
    ValueTask OnProgressAsync(JsonRpcNotification notification);

    /// <summary>A <c>notifications/message</c> (log message).</summary>
    ValueTask OnLogAsync(JsonRpcNotification notification);

    /// <summary>The client a request of the backend itself (sampling, elicitation, roots) goes to; null: none.</summary>
    ClientLink? ServerRequestClient { get; }
}
