using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Core.Policy;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Health;

namespace McpGateway.Edge.Admin;

/// <summary>
/// <c>GET /admin/config</c>: the configuration this node runs (its version as in <c>/admin/cluster</c>, the digest of
/// <c>tools.yaml</c> and the policy version) and the files whose last change was rejected (the node keeps running the
/// previous version of those).
/// </summary>
internal static class ConfigEndpoints
{
    public static void MapConfigEndpoints(this RouteGroupBuilder admin) =>
        admin.MapGet("/config", (ConfigVersion version, ToolsConfigSource tools, RolePolicySource policies, ConfigHealth health, LocalNode node) => Results.Json(new JsonObject
        {
            ["node"] = node.Id,
            ["configVersion"] = version.Current,
            ["toolsDigest"] = tools.Current.ContentDigest,
            ["policyVersion"] = policies.Current.Version,
            ["backends"] = tools.Current.Backends.Count,
            ["rejected"] = new JsonArray([.. health.Rejected.Select(r => (JsonNode)new JsonObject
            {
                ["file"] = r.File,
                ["errors"] = r.ErrorCount,
            })]),
        }));
}
