using McpGateway.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace McpGateway.Grains.Jobs;

/// <summary>Registers what the job grains need on a silo: their runners, placement, change events and the edge's client.</summary>
public static class JobGrainServices
{
    /// <summary>
    /// Adds the job grains' services. The runners are a hosted service: register this after the silo (hosts stop
    /// services in reverse order, so runners drain and give their jobs back while the silo still runs).
    /// </summary>
    public static IServiceCollection AddJobGrains(this IServiceCollection services, Func<IServiceProvider, JobRunnerOptions> options)
    {
        services.AddSingleton(options);
        services.AddSingleton<JobChanges>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobRunners>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunners>());
        services.AddSingleton<JobGrainClient>();
        services.AddSingleton<IJobGrains>(sp => sp.GetRequiredService<JobGrainClient>());
        services.AddPlacementDirector<JobPlacementStrategy, JobPlacementDirector>();
        return services;
    }
}
