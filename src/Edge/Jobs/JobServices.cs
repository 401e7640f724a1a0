using McpGateway.Core.Jobs;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Hosting;
using McpGateway.Grains.Jobs;

namespace McpGateway.Edge.Jobs;

/// <summary>Registers jobs: the job step, the job service, the ways in, and status pushes.</summary>
internal static class JobServices
{
    public static IServiceCollection AddJobs(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options.Jobs);
        services.AddSingleton<JobService>();
        services.AddSingleton<JobPlanStep>();
        services.AddSingleton<JobStep>();
        services.AddSingleton<GatewayJobTools>();
        services.AddSingleton<McpTasks>();
        services.AddSingleton<JobStatusNotifier>();
        services.AddSingleton<TaskListeners>();
        services.AddHostedService(sp => sp.GetRequiredService<JobStatusNotifier>());
        return services;
    }

    /// <summary>
    /// The job grains' services and this node's runners, registered after the silo and after the node's startup
    /// service: hosts stop services in reverse order, so on SIGTERM the runners drain (and give back) their jobs before
    /// the backend connections close and while the silo still runs. On the embedded engine, whose reminders live in
    /// memory, the jobs of the read model are handed back to their grains once the node has started.
    /// </summary>
    public static IServiceCollection AddJobRunners(this IServiceCollection services, GatewayOptions options)
    {
        services.AddJobGrains(sp => new JobRunnerOptions(sp.GetRequiredService<LocalNode>().Id, options.JobWorkers, options.ShutdownTimeout / 2));
        if (options.Database is null)
        {
            services.AddHostedService<EmbeddedJobsRestart>();
        }

        return services;
    }
}
