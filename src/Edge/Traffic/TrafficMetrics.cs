using System.Globalization;
using System.Text;
using McpGateway.Core.Traffic;
using McpGateway.Edge.Observability;
using static McpGateway.Edge.Observability.MetricsEndpoint;

namespace McpGateway.Edge.Traffic;

/// <summary>The admission part of <c>/metrics</c>: per tool its bucket, slots, queue and breaker; refusals by reason.</summary>
internal static class TrafficMetrics
{
    public static void Write(StringBuilder text, TrafficReport traffic, CallMetrics calls)
    {
        var tools = traffic.Tools();
        Family(text, "mcpgw_tool_bucket_tokens", "gauge", "Tokens in the tool's bucket on this node (its leased share on a cluster engine).",
            tools.Select(t => (t, t.Rate.Tokens)));
        Family(text, "mcpgw_tool_bucket_burst", "gauge", "Capacity of the tool's bucket.", tools.Select(t => (t, (double)t.Rate.Burst)));
        Family(text, "mcpgw_tool_rate_limit_per_minute", "gauge", "The tool's rate limit.", tools.Select(t => (t, t.Rate.PerMinute)));
        var capped = tools.Where(t => t.Concurrency is not null).ToList();
        Family(text, "mcpgw_tool_inflight", "gauge", "Calls to the tool in flight on this node (tools with max_concurrency).",
            capped.Select(t => (t, (double)t.Concurrency!.InFlight)));
        Family(text, "mcpgw_tool_queue_length", "gauge", "Calls waiting for a slot of the tool on this node.",
            capped.Select(t => (t, (double)t.Concurrency!.Queued)));
        Family(text, "mcpgw_tool_concurrency_slots", "gauge", "Slots this node may fill (the cap, or its leased share of it).",
            capped.Select(t => (t, (double)t.Concurrency!.Capacity)));

        text.AppendLine("# HELP mcpgw_tool_breaker_state The tool's circuit breaker: 1 for its current state.");
        text.AppendLine("# TYPE mcpgw_tool_breaker_state gauge");
        foreach (var tool in tools.Where(t => t.Breaker is not null))
        {
            foreach (var state in Enum.GetValues<BreakerState>())
            {
                text.Append("mcpgw_tool_breaker_state")
                    .Append(Labels(("tool", tool.Tool), ("backend", tool.Backend), ("state", Name(state))))
                    .Append(' ').AppendLine(tool.Breaker!.State == state ? "1" : "0");
            }
        }

        text.AppendLine("# HELP mcpgw_admission_refusals_total Calls refused by the admit step, by tool (empty for quotas) and reason.");
        text.AppendLine("# TYPE mcpgw_admission_refusals_total counter");
        foreach (var ((tool, reason), count) in calls.Refusals.OrderBy(r => r.Key))
        {
            text.Append("mcpgw_admission_refusals_total").Append(Labels(("tool", tool), ("reason", reason)))
                .Append(' ').AppendLine(count.ToString(CultureInfo.InvariantCulture));
        }

        text.AppendLine("# HELP mcpgw_admission_grain_calls_total Grain calls this node made for traffic control (leases, renewals, breaker transitions).");
        text.AppendLine("# TYPE mcpgw_admission_grain_calls_total counter");
        text.Append("mcpgw_admission_grain_calls_total").Append(Labels(("engine", traffic.Engine))).Append(' ')
            .AppendLine(traffic.AuthorityCalls.ToString(CultureInfo.InvariantCulture));
        Gauge(text, "mcpgw_quota_buckets", "User and tenant quota buckets held on this node.", traffic.Quotas().Count);
    }

    public static string Name(BreakerState state) => state switch
    {
        BreakerState.Closed => "closed",
        BreakerState.Open => "open",
        _ => "half_open",
    };

    private static void Family(StringBuilder text, string name, string type, string help, IEnumerable<(TrafficReport.ToolStatus Tool, double Value)> values)
    {
        text.Append("# HELP ").Append(name).Append(' ').AppendLine(help);
        text.Append("# TYPE ").Append(name).Append(' ').AppendLine(type);
        foreach (var (tool, value) in values)
        {
            text.Append(name).Append(Labels(("tool", tool.Tool), ("backend", tool.Backend)))
                .Append(' ').AppendLine(value.ToString("0.###", CultureInfo.InvariantCulture));
        }
    }
}
