using McpGateway.Core.Cluster;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Registers the cluster fabric around the co-hosted silo: this node's identity (its silo name), the recovery of dead
/// nodes driven by Orleans membership, the node's report for <c>/admin/cluster</c>, and the bus relay.
/// </summary>
internal static class ClusterServices
{
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        services.TryAddSingleton<LocalNode>();
        services.AddSingleton<ConfigVersion>();
        services.AddSingleton<ISessionPort, ClusterPublisher>();
        services.AddSingleton<INodeRecovery, LegacyStreamRecovery>();
        services.AddSingleton<NodeRecoveries>();
        services.AddHostedService<DeadNodeWatcher>();
        services.AddHostedService<NodeReporter>();
        services.AddHostedService<ClusterRelay>();
        return services;
    }
}
