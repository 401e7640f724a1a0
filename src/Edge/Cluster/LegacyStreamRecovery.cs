using McpGateway.Core.Cluster;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Recovers the legacy SSE sessions of a dead node: such a session lives as long as its stream, and the stream died
/// with the node, so the session is ended (its client reconnects to any node and gets a new one); every node ends
/// what it held for it (backend subscriptions and sessions). Every surviving node runs it; the sessions are deleted in
/// one atomic statement, so each is ended (and announced) by exactly one node.
/// </summary>
internal sealed class LegacyStreamRecovery(IStreamClaims claims, SessionEndings endings, ISessionPort publisher) : INodeRecovery
{
    public async Task RecoverAsync(string deadNodeId, CancellationToken cancellationToken)
    {
        foreach (var sessionId in await claims.EndSessionsOfAsync(deadNodeId, cancellationToken))
        {
            await endings.EndedAsync(sessionId);
            await publisher.SessionEndedAsync(sessionId);
        }
    }
}
