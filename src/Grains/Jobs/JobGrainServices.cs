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

        // A new job's reminder row is stored with the job's row (JobGrain.StoreAsync), not registered with the reminder
        // service that serves it, which loads it at its next read of the table: at once when its range changes (a silo
        // joined or died), else at its periodic refresh, brought down from Orleans' five minutes to the reminders'
        // minimum period (a minute), so a job whose silo died is taken up within about two minutes at most.
        services.PostConfigure<ReminderOptions>(o =>
        {
            if (o.RefreshReminderListPeriod > o.MinimumReminderPeriod && o.MinimumReminderPeriod > TimeSpan.Zero)
            {
                o.RefreshReminderListPeriod = o.MinimumReminderPeriod;
            }
        });
        return services;
    }
}
