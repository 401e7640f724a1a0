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
    /// <summary>Where the backend's notifications about a call in flight go (null: nowhere).</summary>
    public Core.Pipeline.CallNotifier? Notify { get; init; }

    /// <summary>The key under which an in-flight request can be cancelled by <c>notifications/cancelled</c>.</summary>
    public string CancellationKey(string requestIdText) => (Session?.Id ?? "user:" + Caller.UserId) + "|" + requestIdText;
}
