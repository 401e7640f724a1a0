using System.Reflection;
using System.Security.Cryptography;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Cluster;

/// <summary>This node's identity in the cluster: fixed for the life of the process.</summary>
internal sealed class LocalNode
{
    public LocalNode(GatewayOptions options, TimeProvider time)
    {
        Id = options.NodeId ?? $"{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        Address = options.NodeAddress ?? options.Urls[0];
        Roles = options.NodeRoles;
        StartedAt = time.GetUtcNow();
    }

    public string Id { get; }

    public string Address { get; }

    public IReadOnlyList<string> Roles { get; }

    public DateTimeOffset StartedAt { get; }

    public static string Version { get; } =
        typeof(LocalNode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
