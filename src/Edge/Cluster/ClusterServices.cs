using McpGateway.Core.Cluster;

namespace McpGateway.Edge.Cluster;

/// <summary>Registers the cluster fabric: this node's identity, its heartbeat and recovery, and the bus relay.</summary>
internal static class ClusterServices
{
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        services.AddSingleton<LocalNode>();
        services.AddSingleton<ConfigVersion>();
        services.AddSingleton<ISessionPort, ClusterPublisher>();
        services.AddSingleton<INodeRecovery, LegacyStreamRecovery>();
        services.AddHostedService<ClusterMembershipService>();
        services.AddHostedService<ClusterRelay>();
        return services;
    }
}
