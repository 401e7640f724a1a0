using McpGateway.Core.Configuration;

namespace McpGateway.Core.Traffic;

/// <summary>The limits of one tool as <c>tools.yaml</c> and the gateway defaults set them (equal values: equal limits).</summary>
public sealed record ToolLimits(RateLimit Rate, ConcurrencySettings? Concurrency, BreakerSettings Breaker)
{
    public static ToolLimits Of(ToolsConfig config, AdmissionDefaults defaults, string backend, string tool)
    {
        var backendConfig = config.Backend(backend);
        var settings = backendConfig?.Tools.GetValueOrDefault(tool) ?? ToolSettings.Default;
        var perMinute = settings.RateLimitPerMinute ?? defaults.ToolPerMinute;
        var burst = settings.Burst ?? (settings.RateLimitPerMinute is null ? defaults.ToolBurst : null);
        var concurrency = settings.MaxConcurrency is { } max
            ? new ConcurrencySettings(
                max,
                settings.QueueLength ?? ConcurrencySettings.DefaultQueueLength,
                settings.QueueTimeoutSeconds is { } wait ? TimeSpan.FromSeconds(wait) : ConcurrencySettings.DefaultQueueTimeout)
            : null;
        return new ToolLimits(
            RateLimit.PerMinuteWithDefaultBurst(perMinute, burst),
            concurrency,
            settings.CircuitBreaker ?? backendConfig?.CircuitBreaker ?? BreakerSettings.Default);
    }
}
