using System.Globalization;
using System.Text;
using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Identity;
using McpGateway.Edge.Http;
using McpGateway.Edge.Identity;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Observability;

/// <summary>
/// <c>GET /metrics</c>: Prometheus text exposition (version 0.0.4) of the gateway's own metrics. It names every backend
/// and tool, so only callers with the <see cref="Role"/> role (or <c>admin</c>) may scrape it: 403
/// <c>insufficient_scope</c> for the others (401 without credentials, from the authentication middleware).
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The role a scraper needs (<c>admin</c> will do too).</summary>
    public const string Role = "metrics";

    public static void MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", (CallMetrics calls, ICatalogue catalogue, SessionStreams streams, InFlightRequests inFlight, Traffic.TrafficReport traffic, HttpMetrics http, AuditWriter audit, Cluster.ConfigVersion config, Upstreams.Grpc.Events.ProviderEventHub events) =>
            Results.Text(Render(calls, catalogue, streams, inFlight, traffic, http, audit, config.Current) + ProviderEventMetrics.Render(events), "text/plain; version=0.0.4; charset=utf-8"))
            .AddEndpointFilter(async (invocation, next) =>
            {
                var context = invocation.HttpContext;
                if (!MayScrape(context.GetCaller()))
                {
                    await BearerChallenge.WriteInsufficientScopeAsync(context, Role, "Forbidden: /metrics requires the metrics or the admin role");
                    return Results.Empty;
                }

                return await next(invocation);
            });

    internal static bool MayScrape(CallerIdentity caller) =>
        caller.Roles.Contains(Role, StringComparer.Ordinal) || caller.Roles.Contains(Admin.AdminEndpoints.Role, StringComparer.Ordinal);

    internal static string Render(CallMetrics calls, ICatalogue catalogue, SessionStreams streams, InFlightRequests inFlight, Traffic.TrafficReport traffic, HttpMetrics http, AuditWriter audit, string configVersion)
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP mcpgw_config_info The configuration this node runs (tools.yaml and policy.yaml), as its version label.");
        text.AppendLine("# TYPE mcpgw_config_info gauge");
        text.Append("mcpgw_config_info").Append(Labels(("version", configVersion))).AppendLine(" 1");
        text.AppendLine("# HELP mcpgw_calls_total Calls that entered the pipeline, by method, backend, outcome and error kind.");
        text.AppendLine("# TYPE mcpgw_calls_total counter");
        foreach (var ((method, backend, outcome, error), count) in calls.Calls.OrderBy(c => c.Key))
        {
            text.Append("mcpgw_calls_total").Append(Labels(("method", method), ("backend", backend), ("outcome", outcome), ("error", error)))
                .Append(' ').AppendLine(count.ToString(CultureInfo.InvariantCulture));
        }

        Histograms(text, "mcpgw_call_duration_seconds", "Time from the start of the pipeline to the answer.",
            calls.Latency.OrderBy(l => l.Key).Select(l => (new[] { ("method", l.Key.Method), ("backend", l.Key.Backend) }, l.Value)));

        text.AppendLine("# HELP mcpgw_backend_up Whether the backend was discovered at its last attempt (1) or left out (0).");
        text.AppendLine("# TYPE mcpgw_backend_up gauge");
        foreach (var health in catalogue.Health)
        {
            text.Append("mcpgw_backend_up").Append(Labels(("backend", health.Backend), ("state", health.State.ToString().ToLowerInvariant())))
                .Append(' ').AppendLine(health.State == BackendState.Healthy ? "1" : "0");
        }

        Gauge(text, "mcpgw_catalogue_entries", "Entries in the catalogue.", catalogue.Current.Items.Count);
        Gauge(text, "mcpgw_catalogue_version", "Version of the catalogue (grows with every change).", catalogue.Current.Version);
        Gauge(text, "mcpgw_open_streams", "Open server-to-client streams on this node.", streams.Count);
        Gauge(text, "mcpgw_inflight_requests", "Calls being served on this node.", inFlight.Count);
        Traffic.TrafficMetrics.Write(text, traffic, calls);
        ObservabilityMetrics.RenderHttp(text, http);
        ObservabilityMetrics.RenderAudit(text, audit);
        return text.ToString();
    }

    /// <summary>Cumulative histograms (<c>_bucket</c> per bound and <c>+Inf</c>, <c>_sum</c>, <c>_count</c>) over <see cref="CallMetrics.Buckets"/>.</summary>
    internal static void Histograms(StringBuilder text, string name, string help, IEnumerable<((string Name, string Value)[] Labels, CallMetrics.Histogram Histogram)> series)
    {
        text.Append("# HELP ").Append(name).Append(' ').AppendLine(help);
        text.Append("# TYPE ").Append(name).AppendLine(" histogram");
        foreach (var (labels, histogram) in series)
        {
            var (cumulative, sum) = histogram.Snapshot();
            for (var i = 0; i < cumulative.Length; i++)
            {
                var bound = i < CallMetrics.Buckets.Length ? CallMetrics.Buckets[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
                text.Append(name).Append("_bucket").Append(Labels([.. labels, ("le", bound)])).Append(' ').AppendLine(cumulative[i].ToString(CultureInfo.InvariantCulture));
            }

            text.Append(name).Append("_sum").Append(Labels(labels)).Append(' ').AppendLine(sum.ToString(CultureInfo.InvariantCulture));
            text.Append(name).Append("_count").Append(Labels(labels)).Append(' ').AppendLine(cumulative[^1].ToString(CultureInfo.InvariantCulture));
        }
    }

    internal static void Gauge(StringBuilder text, string name, string help, long value) =>
        text.Append("# HELP ").Append(name).Append(' ').AppendLine(help)
            .Append("# TYPE ").Append(name).AppendLine(" gauge")
            .Append(name).Append(' ').AppendLine(value.ToString(CultureInfo.InvariantCulture));

    internal static string Labels(params (string Name, string Value)[] labels) =>
        "{" + string.Join(",", labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")) + "}";

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
