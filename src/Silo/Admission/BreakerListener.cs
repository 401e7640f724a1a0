using System.Collections.Concurrent;
using McpGateway.Grains.Traffic;

namespace McpGateway.Silo.Admission;

/// <summary>A node's observer of the breakers it uses: applies each transition pushed by a guard grain to the node's breaker of that key.</summary>
internal sealed class BreakerListener(ConcurrentDictionary<string, GrainBreakerCoordinator> coordinators) : IBreakerObserver
{
    public Task BreakerChanged(string key, BreakerSnapshot snapshot)
    {
        if (coordinators.TryGetValue(key, out var coordinator))
        {
            coordinator.Apply(snapshot);
        }

        return Task.CompletedTask;
    }
}
