using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Policy;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Cluster;
using McpGateway.Upstreams.Connections;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Log messages of backends that belong to no call. One sent on a client's own backend session goes to that session's
/// stream (on this node, else through the session's grain to the observer the node holding the stream registered with
/// it). One sent on the shared backend session while no call is in flight is about the backend itself: it goes to the
/// stream of every session on this node whose endpoint serves that backend and whose caller may see at least one of its
/// entries. Either way only at or above the level the session asked for.
/// </summary>
internal sealed class BackendLogRelay(
    BackendPool backends, SessionStreams streams, SessionManager sessions, ICatalogue catalogue, RolePolicySource policies, ISessionPort cluster)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        backends.LogOutsideCall += OnLogOutsideCall;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        backends.LogOutsideCall -= OnLogOutsideCall;
        return Task.CompletedTask;
    }

    private void OnLogOutsideCall(string backend, string? sessionId, JsonObject parameters)
    {
        const string method = McpLogLevels.NotificationMethod;
        if (sessionId is not null)
        {
            if (McpLogLevels.Admits(sessions.LogLevelOf(sessionId), parameters)
                && !streams.TryNotify(sessionId, method, parameters) && cluster.ReachesOtherNodes)
            {
                _ = cluster.NotifyStreamAsync(sessionId, method, parameters);
            }

            return;
        }

        var items = catalogue.Current.Items.Where(i => string.Equals(i.Backend, backend, StringComparison.Ordinal)).ToList();
        var policy = policies.Current;
        streams.NotifySessions(
            (id, scope, caller) => McpLogLevels.Admits(sessions.LogLevelOf(id), parameters) && items.Any(i => i.IsOnScope(scope) && policy.IsVisible(caller, i)),
            method,
            parameters);
    }
}
