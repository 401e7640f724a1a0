using Orleans.Concurrency;

namespace McpGateway.Grains.Traffic;

/// <summary>A node's listener for breaker transitions, subscribed to each tool guard whose breaker it uses.</summary>
public interface IBreakerObserver : IGrainObserver
{
    /// <summary>The breaker of <paramref name="key"/> changed (opened, or closed by a probe).</summary>
    [OneWay]
    Task BreakerChanged(string key, BreakerSnapshot snapshot);
}
