using System.Globalization;
using System.Text;
using McpGateway.Core.Audit;

namespace McpGateway.Edge.Observability;

/// <summary>The Prometheus text of the HTTP requests and of the audit log (queue, spool, writes).</summary>
internal static class ObservabilityMetrics
{
    public static void RenderHttp(StringBuilder text, HttpMetrics http)
    {
        text.AppendLine("# HELP mcpgw_http_requests_total HTTP requests by endpoint (route pattern), method and status code.");
        text.AppendLine("# TYPE mcpgw_http_requests_total counter");
        foreach (var ((endpoint, method, status), count) in http.Requests.OrderBy(r => r.Key))
        {
            text.Append("mcpgw_http_requests_total").Append(MetricsEndpoint.Labels(("endpoint", endpoint), ("method", method), ("status", status.ToString(CultureInfo.InvariantCulture))))
                .Append(' ').AppendLine(count.ToString(CultureInfo.InvariantCulture));
        }

        MetricsEndpoint.Histograms(text, "mcpgw_http_request_duration_seconds", "Time to answer an HTTP request, by endpoint and method.",
            http.Duration.OrderBy(d => d.Key).Select(d => (new[] { ("endpoint", d.Key.Endpoint), ("method", d.Key.Method) }, d.Value)));
    }

    public static void RenderAudit(StringBuilder text, AuditWriter audit)
    {
        MetricsEndpoint.Gauge(text, "mcpgw_audit_queue_depth", "Audit records handed over and not yet committed.", audit.QueueDepth);
        MetricsEndpoint.Gauge(text, "mcpgw_audit_spool_records", "Audit records in the local spool, waiting for the store.", audit.Spool.Records);
        MetricsEndpoint.Gauge(text, "mcpgw_audit_spool_bytes", "Size of the local audit spool in bytes.", audit.Spool.Bytes);
        MetricsEndpoint.Gauge(text, "mcpgw_audit_available", "1 while the audit log takes records; 0 while calls are refused because neither store nor spool does.", audit.IsAvailable ? 1 : 0);
        MetricsEndpoint.Gauge(text, "mcpgw_audit_unwritten_records", "Audit records neither store nor spool took yet (their calls got an error), held in memory and retried.", audit.Unwritten);
        Counter(text, "mcpgw_audit_records_dropped_total", "Unwritten audit records given up because more than the queue's capacity were held.", audit.Dropped);
        Counter(text, "mcpgw_audit_records_written_total", "Audit records committed to the store by this node (directly or from the spool).", audit.Written);
        Counter(text, "mcpgw_audit_records_spooled_total", "Audit records this node had to spool because the store failed.", audit.Spooled);
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append("# HELP ").Append(name).Append(' ').AppendLine(help)
            .Append("# TYPE ").Append(name).AppendLine(" counter")
            .Append(name).Append(' ').AppendLine(value.ToString(CultureInfo.InvariantCulture));
}
