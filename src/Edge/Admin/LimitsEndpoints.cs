using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Traffic;
using McpGateway.Edge.Traffic;

namespace McpGateway.Edge.Admin;

/// <summary>
/// <c>GET /admin/limits</c>: the admission entities of this node (per tool its bucket, slots, queue and breaker; the
/// quota buckets). <c>GET /admin/backends</c>: each backend with its discovery state, timeout and its tools' breakers.
/// </summary>
internal static class LimitsEndpoints
{
    public static void MapLimits(this RouteGroupBuilder admin)
    {
        admin.MapGet("/limits", (TrafficReport traffic, AdmissionDefaults defaults) => Results.Json(new JsonObject
        {
            ["engine"] = traffic.Engine,
            ["defaults"] = new JsonObject
            {
                ["userPerMinute"] = defaults.UserPerMinute,
                ["userBurst"] = defaults.UserBurst ?? RateLimit.DefaultBurst(defaults.UserPerMinute),
                ["toolPerMinute"] = defaults.ToolPerMinute,
                ["toolBurst"] = defaults.ToolBurst ?? RateLimit.DefaultBurst(defaults.ToolPerMinute),
            },
            ["tools"] = new JsonArray([.. traffic.Tools().Select(Tool)]),
            ["quotas"] = new JsonArray([.. traffic.Quotas().Select(Bucket)]),
        }));

        admin.MapGet("/backends", (TrafficReport traffic, ToolsConfigSource tools, ICatalogue catalogue) =>
        {
            var health = catalogue.Health.ToDictionary(h => h.Backend, StringComparer.Ordinal);
            var guarded = traffic.Tools().ToLookup(t => t.Backend, StringComparer.Ordinal);
            return Results.Json(new JsonObject
            {
                ["engine"] = traffic.Engine,
                ["backends"] = new JsonArray([.. tools.Current.Backends.Select(backend => (JsonNode)new JsonObject
                {
                    ["name"] = backend.Name,
                    ["transport"] = backend.Transport.ToString(),
                    ["state"] = (health.GetValueOrDefault(backend.Name)?.State ?? BackendState.Unknown).ToString().ToLowerInvariant(),
                    ["lastError"] = health.GetValueOrDefault(backend.Name)?.LastError,
                    ["timeoutSeconds"] = backend.TimeoutSeconds,
                    ["circuitBreaker"] = Settings(backend.CircuitBreaker),
                    ["tools"] = new JsonArray([.. guarded[backend.Name].Select(Tool)]),
                })]),
            });
        });
    }

    private static JsonNode Tool(TrafficReport.ToolStatus tool) => new JsonObject
    {
        ["tool"] = tool.Tool,
        ["backend"] = tool.Backend,
        ["rate"] = Bucket(tool.Rate),
        ["concurrency"] = tool.Concurrency is { } slots ? new JsonObject
        {
            ["maxConcurrency"] = slots.Settings.MaxConcurrency,
            ["slots"] = slots.Capacity,
            ["inFlight"] = slots.InFlight,
            ["queued"] = slots.Queued,
            ["queueLength"] = slots.Settings.QueueLength,
            ["queueTimeoutSeconds"] = slots.Settings.QueueTimeout.TotalSeconds,
        } : null,
        ["breaker"] = tool.Breaker is { } breaker ? new JsonObject
        {
            ["state"] = TrafficMetrics.Name(breaker.State),
            ["openUntil"] = breaker.OpenUntil?.ToString("O"),
            ["consecutiveFailures"] = breaker.ConsecutiveFailures,
            ["settings"] = Settings(breaker.Settings),
        } : null,
    };

    private static JsonNode Bucket(TrafficReport.BucketStatus bucket) => new JsonObject
    {
        ["key"] = bucket.Key,
        ["perMinute"] = bucket.PerMinute,
        ["burst"] = bucket.Burst,
        ["tokens"] = Math.Round(bucket.Tokens, 3),
    };

    private static JsonNode Settings(BreakerSettings settings) => new JsonObject
    {
        ["enabled"] = settings.Enabled,
        ["consecutiveFailures"] = settings.ConsecutiveFailures,
        ["failureRatio"] = settings.FailureRatio,
        ["windowSeconds"] = settings.Window.TotalSeconds,
        ["minimumCalls"] = settings.MinimumCalls,
        ["breakSeconds"] = settings.BreakDuration.TotalSeconds,
    };
}
