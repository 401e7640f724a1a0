using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Registers the cluster fabric around the co-hosted silo: this node's identity (its silo name), the recovery of dead
/// nodes driven by Orleans membership, the node's report for <c>/admin/cluster</c>, and the session port (session grains and this node's observer).
/// </summary>
internal static class ClusterServices
{
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        services.TryAddSingleton<LocalNode>();
        services.AddSingleton<ConfigVersion>();
        services.AddSingleton<NodeSessionObserver>();
        services.AddSingleton<OrleansSessionPort>();
        services.AddSingleton<ISessionPort>(sp => sp.GetRequiredService<OrleansSessionPort>());
        services.AddSingleton<OrleansHeldCalls>();
        services.AddSingleton<Core.Pipeline.Ports.IHeldCallRouter>(sp => sp.GetRequiredService<OrleansHeldCalls>());
        services.AddSingleton<Core.Sessions.ISessionStore, GrainSessionStore>();
        services.AddHostedService<NodeReporter>();
        services.AddHostedService<SessionKeepAlive>();
        return services;
    }
}
