using McpGateway.Upstreams.Connections;

namespace McpGateway.Edge.Mcp;

/// <summary>What ends with a client session (deleted, evicted, its legacy stream closed): its resource subscriptions and its own backend sessions.</summary>
internal sealed class SessionEndings(ResourceSubscriptions subscriptions, BackendPool backends)
{
    public async Task EndedAsync(string sessionId)
    {
        await subscriptions.SessionEndedAsync(sessionId);
        await backends.EndSessionAsync(sessionId);
    }
}
