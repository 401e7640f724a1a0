using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;

namespace McpGateway.Edge.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (startup done, store reachable, audit log
/// writable, at least one backend discovered; the body names whatever is degraded, see <see cref="ReadinessReport"/>).
/// </summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Json(new JsonObject { ["status"] = "alive" }));
        endpoints.MapGet("/health/ready", async (ICatalogue catalogue, ReadinessState readiness, StoreHealth store, ConfigHealth config, Cluster.ConfigVersion version, AuditWriter audit, CancellationToken cancellationToken) =>
        {
            var storeReachable = await store.IsReachableAsync(cancellationToken);
            var (body, statusCode) = ReadinessReport.Build(readiness, storeReachable, store.Engine, audit, new ReadinessReport.ConfigState(version.Current, config.Rejected), catalogue.Current, catalogue.Health);
            return Results.Json(body, statusCode: statusCode);
        });
    }
}
