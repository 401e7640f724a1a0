using System.Globalization;
using System.Text;
using McpGateway.Upstreams.Grpc.Events;

namespace McpGateway.Edge.Observability;

/// <summary>The <c>/metrics</c> series of provider events (docs/observability.md).</summary>
internal static class ProviderEventMetrics
{
    public static string Render(ProviderEventHub events)
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP mcpgw_provider_events_total Provider events taken (each event id once), by source and way of arrival (stream, nats).");
        text.AppendLine("# TYPE mcpgw_provider_events_total counter");
        foreach (var ((source, via), count) in events.Received.OrderBy(e => e.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"mcpgw_provider_events_total{{source=\"{Escape(source)}\",via=\"{via}\"}} {count}").AppendLine();
        }

        text.AppendLine("# HELP mcpgw_provider_events_duplicates_total Provider events dropped because their id was already taken, by source.");
        text.AppendLine("# TYPE mcpgw_provider_events_duplicates_total counter");
        foreach (var (source, count) in events.Duplicates.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"mcpgw_provider_events_duplicates_total{{source=\"{Escape(source)}\"}} {count}").AppendLine();
        }

        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
