using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Traffic;
using McpGateway.Edge.Hosting;
using McpGateway.Storage.Embedded.Traffic;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpGateway.Edge.Traffic;

/// <summary>
/// Registers the admit step's gates: the user quota first, then the tool guard, over the engine's entities; and the user
/// quota of catalogue listings.
/// </summary>
internal static class TrafficServices
{
    public static IServiceCollection AddTrafficControl(this IServiceCollection services, GatewayOptions options)
    {
        // The in-process engine unless the storage engine brought its own (the PostgreSQL engine's is cluster-wide).
        services.TryAddSingleton<IAdmissionEngine>(sp => new EmbeddedAdmissionEngine(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(options.Limits);
        services.AddSingleton(sp =>
        {
            var tools = sp.GetRequiredService<ToolsConfigSource>();
            return new UserQuotaGate(() => tools.Current.Quotas, options.Limits, sp.GetRequiredService<IAdmissionEngine>());
        });
        services.AddSingleton<ToolGuardGate>();
        services.AddSingleton<IAdmissionGate>(sp => sp.GetRequiredService<UserQuotaGate>());
        services.AddSingleton<IAdmissionGate>(sp => sp.GetRequiredService<ToolGuardGate>());
        services.AddSingleton<TrafficReport>();
        services.AddSingleton<ListingAdmission>();
        return services;
    }
}
