namespace McpGateway.Edge.Jobs;

/// <summary>This node's name in job leases: host, process id and a random suffix (a restarted process is another node).</summary>
internal sealed record NodeIdentity(string Id)
{
    public static NodeIdentity Create() =>
        new($"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}");
}
