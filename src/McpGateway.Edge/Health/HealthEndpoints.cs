using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;

namespace McpGateway.Edge.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (startup done; backends and catalogue problems reported).</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Json(new JsonObject { ["status"] = "alive" }));
        endpoints.MapGet("/health/ready", (ICatalogue catalogue, ReadinessState readiness) =>
        {
            var backends = new JsonArray();
            foreach (var health in catalogue.Health)
            {
                backends.Add(new JsonObject
                {
                    ["name"] = health.Backend,
                    ["state"] = health.State.ToString().ToLowerInvariant(),
                    ["lastError"] = health.LastError,
                    ["lastSuccessAt"] = health.LastSuccessAt?.ToString("O"),
                });
            }

            var degraded = catalogue.Health.Any(h => h.State == BackendState.Unavailable) || catalogue.Current.Problems.Count > 0;
            var body = new JsonObject
            {
                ["status"] = !readiness.IsReady ? "starting" : readiness.IsStopping ? "stopping" : degraded ? "degraded" : "ready",
                ["catalogueVersion"] = catalogue.Current.Version,
                ["backends"] = backends,
                ["problems"] = new JsonArray([.. catalogue.Current.Problems.Select(p => JsonValue.Create(p.ToString()))]),
            };
            return Results.Json(body, statusCode: readiness.IsReady && !readiness.IsStopping ? 200 : 503);
        });
    }
}
