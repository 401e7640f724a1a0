using McpGateway.Upstreams.Connections;

namespace McpGateway.Edge.Mcp;

/// <summary>What ends with a client session (deleted, evicted, its legacy stream closed): its resource subscriptions, its own backend sessions, what this node kept about it.</summary>
internal sealed class SessionEndings(ResourceSubscriptions subscriptions, BackendPool backends, SessionManager sessions)
{
    public async Task EndedAsync(string sessionId)
    {
        sessions.Forget(sessionId);
        await subscriptions.SessionEndedAsync(sessionId);
        await backends.EndSessionAsync(sessionId);
    }
}
