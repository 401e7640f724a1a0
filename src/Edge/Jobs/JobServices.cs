using McpGateway.Core.Cluster;
using McpGateway.Core.Jobs;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Jobs;

/// <summary>Registers jobs: the store's companions, the job step, the runner, the workers, the sweeper and the ways in.</summary>
internal static class JobServices
{
    public static IServiceCollection AddJobs(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options.Jobs);
        services.AddSingleton<JobService>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobPlanStep>();
        services.AddSingleton<JobStep>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobSweeper>();
        services.AddSingleton<INodeRecovery, JobNodeRecovery>();
        services.AddSingleton<GatewayJobTools>();
        services.AddSingleton<McpTasks>();
        services.AddSingleton<JobStatusNotifier>();
        services.AddSingleton<TaskListeners>();
        services.AddHostedService<JobSweepService>();
        services.AddHostedService(sp => sp.GetRequiredService<JobStatusNotifier>());
        return services;
    }

    /// <summary>
    /// The workers, registered after the node's startup service: hosts stop services in reverse order, so on SIGTERM the
    /// workers drain (and give back) their jobs before the backend connections close.
    /// </summary>
    public static IServiceCollection AddJobWorkers(this IServiceCollection services) => services.AddHostedService<JobWorkers>();
}
