using McpGateway.Core.Identity;
using McpGateway.Core.Sessions;

namespace McpGateway.Edge.Mcp;

/// <summary>One MCP message being served: who sent it, on which endpoint, under which revision and session.</summary>
internal sealed record McpExchange(
    HttpContext Http,
    JsonRpcMessage Message,
    CallerIdentity Caller,
    string? Scope,
    string ProtocolVersion,
    SessionRecord? Session,
    string RequestId,
    string CorrelationId)
{
    /// <summary>How a backend serving this call reaches the client (null: it cannot).</summary>
    public Core.Pipeline.ClientLink? Client { get; init; }

    /// <summary>The key under which an in-flight request can be cancelled by <c>notifications/cancelled</c>.</summary>
    public string CancellationKey(string requestIdText) => CancellationScope + "|" + requestIdText;

    /// <summary>Where a cancel for this exchange's requests is routed in the cluster: the session, or the caller without one.</summary>
    public string CancellationScope => Session?.Id ?? "user:" + Caller.UserId;
}
