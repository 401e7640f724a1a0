using System.Reflection;

namespace McpGateway.Upstreams;

/// <summary>The gateway's version as reported to backends and clients.</summary>
public static class GatewayVersion
{
    public static string Current { get; } =
        typeof(GatewayVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.1.0";
}
