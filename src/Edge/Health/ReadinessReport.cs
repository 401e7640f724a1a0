using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;

namespace McpGateway.Edge.Health;

/// <summary>
/// The body and status of <c>/health/ready</c>. Ready (200) needs startup done, the store reachable, the audit log
/// writable (else every call is refused) and at least one backend discovered (or serving its last good entries after a
/// failed re-discovery); a rejected configuration change (the last good one stays in force), an unavailable backend or catalogue problems make it
/// <c>degraded</c> (still 200: the node serves). <c>degraded</c> names every check that is not fine. That detail is for
/// admins; others get the <see cref="Summary"/>.
/// </summary>
internal static class ReadinessReport
{
    public static (JsonObject Body, int StatusCode) Build(
        ReadinessState readiness, bool storeReachable, string engine, AuditWriter audit, ConfigState config, CatalogueSnapshot catalogue, IReadOnlyList<BackendHealth> backends)
    {
        // Discovered: at its last attempt, or still serving its last good entries after a failed re-discovery.
        var served = catalogue.Items.Select(i => i.Backend).ToHashSet(StringComparer.Ordinal);
        var discovered = backends.Count(b => b.State == BackendState.Healthy || served.Contains(b.Backend));
        var degraded = new JsonArray();
        if (!storeReachable)
        {
            degraded.Add("store");
        }

        if (!audit.IsAvailable)
        {
            degraded.Add("audit");
        }

        if (discovered == 0)
        {
            degraded.Add("backends");
        }

        if (config.Rejected.Count > 0)
        {
            degraded.Add("config");
        }

        foreach (var backend in backends.Where(b => b.State == BackendState.Unavailable))
        {
            degraded.Add("backend:" + backend.Backend);
        }

        if (catalogue.Problems.Count > 0)
        {
            degraded.Add("catalogue");
        }

        var serving = readiness.IsReady && !readiness.IsStopping && storeReachable && audit.IsAvailable && discovered > 0;
        var status = !readiness.IsReady ? "starting"
            : readiness.IsStopping ? "stopping"
            : !serving ? "not_ready"
            : degraded.Count > 0 ? "degraded"
            : "ready";
        var body = new JsonObject
        {
            ["status"] = status,
            ["degraded"] = degraded,
            ["checks"] = new JsonObject
            {
                ["store"] = new JsonObject { ["status"] = storeReachable ? "ok" : "unreachable", ["engine"] = engine },
                ["audit"] = new JsonObject { ["status"] = audit.IsAvailable ? "ok" : "unavailable", ["spoolRecords"] = audit.Spool.Records, ["unwrittenRecords"] = audit.Unwritten },
                ["config"] = new JsonObject
                {
                    ["status"] = config.Rejected.Count == 0 ? "ok" : "invalid",
                    ["version"] = config.Version,
                    ["rejected"] = new JsonArray([.. config.Rejected.Select(r => (JsonNode)new JsonObject { ["file"] = r.File, ["errors"] = r.ErrorCount })]),
                },
                ["backends"] = new JsonObject { ["status"] = discovered > 0 ? "ok" : "none_discovered", ["discovered"] = discovered, ["configured"] = backends.Count(b => b.State != BackendState.Disabled) },
            },
            ["catalogueVersion"] = catalogue.Version,
            ["backends"] = new JsonArray([.. backends.Select(Describe)]),
            ["problems"] = new JsonArray([.. catalogue.Problems.Select(p => JsonValue.Create(p.ToString()))]),
        };
        return (body, serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>What every caller sees: the top-level <c>status</c> alone (no check, backend or problem is named).</summary>
    public static JsonObject Summary(JsonObject body) => new() { ["status"] = body["status"]!.GetValue<string>() };

    /// <summary>The configuration version in force and the files whose last change was rejected.</summary>
    public sealed record ConfigState(string Version, IReadOnlyList<ConfigHealth.Rejection> Rejected);

    private static JsonObject Describe(BackendHealth health) => new()
    {
        ["name"] = health.Backend,
        ["state"] = health.State.ToString().ToLowerInvariant(),
        ["lastError"] = health.LastError,
        ["lastSuccessAt"] = health.LastSuccessAt?.ToString("O"),
    };
}
