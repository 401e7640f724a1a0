using McpGateway.Core.Traffic;
using McpGateway.Core.Configuration.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration;

/// <summary>Reads <c>circuit_breaker:</c> of a backend or a tool; unset keys keep the inherited values.</summary>
internal static class BreakerConfigReader
{
    public static readonly IReadOnlyCollection<string> Keys =
        ["enabled", "consecutive_failures", "failure_ratio", "window_seconds", "minimum_calls", "break_seconds"];

    public static BreakerSettings? Read(YamlMapping parent, BreakerSettings inherited)
    {
        if (parent.Value("circuit_breaker") is not { } node)
        {
            return null;
        }

        var path = parent.PathOf("circuit_breaker");
        if (node is not YamlMappingNode mappingNode)
        {
            parent.Diagnostics.Add(node, path, $"expected the breaker's settings (a mapping), got {YamlValues.Describe(node)}");
            return null;
        }

        var m = new YamlMapping(mappingNode, path, parent.Diagnostics, Keys);
        double? ratio = null;
        if (m.Value("failure_ratio") is { } ratioNode && YamlValues.Double(ratioNode, m.PathOf("failure_ratio"), m.Diagnostics) is { } value)
        {
            if (value is > 0 and <= 1)
            {
                ratio = value;
            }
            else
            {
                m.Diagnostics.Add(ratioNode, m.PathOf("failure_ratio"), $"must be greater than 0 and at most 1, got {value}");
            }
        }

        return inherited with
        {
            Enabled = m.Bool("enabled") ?? inherited.Enabled,
            ConsecutiveFailures = m.PositiveInt("consecutive_failures") ?? inherited.ConsecutiveFailures,
            FailureRatio = ratio ?? inherited.FailureRatio,
            Window = m.Seconds("window_seconds") is { } window ? TimeSpan.FromSeconds(window) : inherited.Window,
            MinimumCalls = m.PositiveInt("minimum_calls") ?? inherited.MinimumCalls,
            BreakDuration = m.Seconds("break_seconds") is { } pause ? TimeSpan.FromSeconds(pause) : inherited.BreakDuration,
        };
    }
}
