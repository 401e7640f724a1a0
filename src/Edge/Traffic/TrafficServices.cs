using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Traffic;
using McpGateway.Edge.Hosting;
using McpGateway.Silo.Admission;

namespace McpGateway.Edge.Traffic;

/// <summary>
/// Registers the admit step's gates: the user quota first, then the tool guard, over the entities of the node-local
/// admission cache on the traffic grains (<see cref="OrleansAdmissionEngine"/>, the same for the embedded engine and a
/// cluster); and the user quota of catalogue listings. Registered after <c>UseOrleans</c>, so the leases are given
/// back before the silo stops.
/// </summary>
internal static class TrafficServices
{
    public static IServiceCollection AddTrafficControl(this IServiceCollection services, GatewayOptions options)
    {
        services.AddOrleansAdmission(options.Admission);
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
