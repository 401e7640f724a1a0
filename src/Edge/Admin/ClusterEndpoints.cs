using System.Text.Json.Nodes;
using McpGateway.Core.Cluster;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Admin;

/// <summary><c>GET /admin/cluster</c>: the nodes of the cluster from their heartbeat rows (the one node on the embedded engine).</summary>
internal static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/cluster", async (IClusterMembership membership, LocalNode self, GatewayOptions options, TimeProvider time, HttpContext http) =>
        {
            var liveness = new NodeLiveness { HeartbeatInterval = options.HeartbeatInterval, DeadAfter = options.NodeDeadAfter };
            var now = time.GetUtcNow();
            var nodes = new JsonArray();
            foreach (var node in await membership.ListAsync(http.RequestAborted))
            {
                nodes.Add(new JsonObject
                {
                    ["id"] = node.Id,
                    ["address"] = node.Address,
                    ["version"] = node.Version,
                    ["roles"] = new JsonArray([.. node.Roles.Select(r => JsonValue.Create(r))]),
                    // A row whose heartbeat is overdue but that no node has marked yet is reported as it will be marked.
                    ["status"] = (liveness.IsOverdue(node, now) ? NodeStatus.Dead : node.Status).ToString().ToLowerInvariant(),
                    ["startedAt"] = node.StartedAt.ToString("O"),
                    ["heartbeatAt"] = node.HeartbeatAt.ToString("O"),
                    ["inFlight"] = node.InFlight,
                    ["openStreams"] = node.OpenStreams,
                    ["configVersion"] = node.ConfigVersion,
                    ["self"] = node.Id == self.Id,
                });
            }

            return Results.Json(new JsonObject
            {
                ["node"] = self.Id,
                ["heartbeatSeconds"] = options.HeartbeatInterval.TotalSeconds,
                ["deadAfterSeconds"] = options.NodeDeadAfter.TotalSeconds,
                ["nodes"] = nodes,
            });
        });
    }
}
