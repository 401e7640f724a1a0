using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;
using McpGateway.Edge.Identity;

namespace McpGateway.Edge.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (startup done, store reachable, audit log
/// writable, at least one backend discovered; see <see cref="ReadinessReport"/>). Both answer without credentials, so
/// that probes need none; readiness then answers its status code and top-level status only, and its detail (checks,
/// backends by name, catalogue problems) goes to callers with the <c>admin</c> role.
/// </summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Json(new JsonObject { ["status"] = "alive" }));
        endpoints.MapGet("/health/ready", async (HttpContext http, ICallerAuthenticator authenticator, ICatalogue catalogue, ReadinessState readiness, StoreHealth store, ConfigHealth config, Cluster.ConfigVersion version, AuditWriter audit, CancellationToken cancellationToken) =>
        {
            var storeReachable = await store.IsReachableAsync(cancellationToken);
            var (body, statusCode) = ReadinessReport.Build(readiness, storeReachable, store.Engine, audit, new ReadinessReport.ConfigState(version.Current, config.Rejected), catalogue.Current, catalogue.Health);

            // A missing or invalid token is no error here (probes send none): it only withholds the detail.
            var caller = await authenticator.AuthenticateAsync(http);
            var detailed = caller is not null && caller.Roles.Contains(Admin.AdminEndpoints.Role, StringComparer.Ordinal);
            return Results.Json(detailed ? body : ReadinessReport.Summary(body), statusCode: statusCode);
        });
    }
}
