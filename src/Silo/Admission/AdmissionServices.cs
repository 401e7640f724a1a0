using McpGateway.Core.Traffic;
using McpGateway.Grains.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace McpGateway.Silo.Admission;

/// <summary>Registers traffic control over the grains (embedded and cluster alike: the engine talks to the silo this node hosts).</summary>
public static class AdmissionServices
{
    /// <summary>
    /// Adds the node's <see cref="IAdmissionEngine"/> (<see cref="OrleansAdmissionEngine"/>, over the silo's
    /// <see cref="IGrainFactory"/>) and the clock of the traffic grains (the host's <see cref="TimeProvider"/> unless a
    /// keyed <see cref="GrainTime.Key"/> one is registered). Call it after <c>UseOrleans</c>: the leases are given back
    /// when the host stops, after the web server has drained and before the silo stops.
    /// </summary>
    public static IServiceCollection AddOrleansAdmission(this IServiceCollection services, OrleansAdmissionOptions? options = null)
    {
        services.TryAddKeyedSingleton<TimeProvider>(GrainTime.Key, static (sp, _) => sp.GetService<TimeProvider>() ?? TimeProvider.System);
        services.TryAddSingleton(options ?? new OrleansAdmissionOptions());
        services.AddSingleton<IAdmissionEngine>(sp => new OrleansAdmissionEngine(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<OrleansAdmissionOptions>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrleansAdmissionEngine).FullName!)));
        services.AddHostedService<AdmissionRelease>();
        return services;
    }
}
