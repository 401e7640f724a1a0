using McpGateway.Core.Cluster;

namespace McpGateway.Storage.Postgres.Traffic;

/// <summary>The admission engine's part of recovering a dead node: its leases and probe claims end at once.</summary>
internal sealed class AdmissionNodeRecovery(PostgresAdmissionEngine engine) : INodeRecovery
{
    public Task RecoverAsync(string deadNodeId, CancellationToken cancellationToken) => engine.RecoverNodeAsync(deadNodeId, cancellationToken);
}
