using McpGateway.Core.Configuration.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration;

/// <summary>Reads the settings of one tool under a backend's <c>tools:</c>.</summary>
internal static class ToolSettingsReader
{
    public static ToolSettings Read(YamlNode node, string path, ConfigDiagnostics diagnostics, Traffic.BreakerSettings backendBreaker)
    {
        if (YamlValues.IsNull(node))
        {
            return ToolSettings.Default;
        }

        if (node is not YamlMappingNode mappingNode)
        {
            diagnostics.Add(node, path, $"expected the tool's settings (a mapping), got {YamlValues.Describe(node)}");
            return ToolSettings.Default;
        }

        var m = new YamlMapping(mappingNode, path, diagnostics, ConfigKeys.Tool);
        return new ToolSettings
        {
            RateLimitPerMinute = m.PositiveInt("rate_limit_per_minute"),
            Burst = m.PositiveInt("burst"),
            MaxConcurrency = m.PositiveInt("max_concurrency"),
            QueueLength = m.NonNegativeInt("queue_length"),
            QueueTimeoutSeconds = m.Seconds("queue_timeout_seconds"),
            CircuitBreaker = BreakerConfigReader.Read(m, backendBreaker),
            Risk = m.Enum("risk", ConfigKeys.Risks) ?? RiskLevel.Low,
            LongRunning = m.Bool("long_running") ?? false,
            Idempotent = m.Bool("idempotent") ?? false,
            Active = m.Bool("active") ?? true,
            TimeoutSeconds = m.Seconds("timeout_seconds"),
        };
    }
}
