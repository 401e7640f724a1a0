using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Traffic;
using McpGateway.Edge.Observability;
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
        admin.MapGet("/limits", (TrafficReport traffic, AdmissionDefaults defaults, CallMetrics calls, ICatalogue catalogue) => Results.Json(new JsonObject
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
            ["served"] = new JsonArray([.. catalogue.Current.List(CatalogueKind.Tool, null)
                .OrderBy(t => t.ExposedName, StringComparer.Ordinal)
                .Select(t => (JsonNode)new JsonObject { ["tool"] = t.ExposedName, ["backend"] = t.Backend })]),
            ["quotas"] = new JsonArray([.. traffic.Quotas().Select(Bucket)]),
            ["refusals"] = new JsonArray([.. calls.Refusals.OrderBy(r => r.Key).Select(r => (JsonNode)new JsonObject
            {
                ["tool"] = r.Key.Name,
                ["reason"] = r.Key.Reason,
                ["count"] = r.Value,
            })]),
        }));

        admin.MapGet("/backends", (TrafficReport traffic, ToolsConfigSource tools, ICatalogue catalogue, CallMetrics calls) =>
        {
            var health = catalogue.Health.ToDictionary(h => h.Backend, StringComparer.Ordinal);
            var stats = CallStatistics.ByBackend(calls);
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
                    ["url"] = Display(backend.Url),
                    ["command"] = backend.Command is { } command ? new JsonArray([.. command.Select(a => JsonValue.Create(a))]) : null,
                    ["discoveryAttemptAt"] = health.GetValueOrDefault(backend.Name)?.LastAttemptAt?.ToString("O"),
                    ["discoveredAt"] = health.GetValueOrDefault(backend.Name)?.LastSuccessAt?.ToString("O"),
                    ["discoveryMs"] = health.GetValueOrDefault(backend.Name)?.LastDuration is { } took ? Math.Round(took.TotalMilliseconds, 1) : null,
                    ["timeoutSeconds"] = backend.TimeoutSeconds,
                    ["circuitBreaker"] = Settings(backend.CircuitBreaker),
                    ["breakerState"] = Worst(guarded[backend.Name]),
                    ["calls"] = Stats(stats.GetValueOrDefault(backend.Name)),
                    ["tools"] = new JsonArray([.. guarded[backend.Name].Select(Tool)]),
                })]),
            });
        });
    }

    /// <summary>A backend URL as shown to an operator: scheme, host, port and path (no user info, query or fragment, where secrets go).</summary>
    private static string? Display(Uri? url) => url?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <summary>The worst breaker state among a backend's tools (open, half_open, closed); null when none has a breaker yet.</summary>
    private static string? Worst(IEnumerable<TrafficReport.ToolStatus> tools)
    {
        var states = tools.Where(t => t.Breaker is not null).Select(t => t.Breaker!.State).ToList();
        return states.Count == 0 ? null
            : states.Contains(BreakerState.Open) ? TrafficMetrics.Name(BreakerState.Open)
            : states.Contains(BreakerState.HalfOpen) ? TrafficMetrics.Name(BreakerState.HalfOpen)
            : TrafficMetrics.Name(BreakerState.Closed);
    }

    private static JsonNode Stats(CallStatistics.BackendStats? stats) => new JsonObject
    {
        ["total"] = stats?.Calls ?? 0,
        ["errors"] = stats?.Errors ?? 0,
        ["toolErrors"] = stats?.ToolErrors ?? 0,
        ["errorRate"] = stats?.ErrorRate,
        ["p50Ms"] = stats?.P50Ms,
        ["p99Ms"] = stats?.P99Ms,
    };

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
