using System.Collections.Concurrent;
using McpGateway.Core.Cluster;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// Membership on the embedded engine: one node, the one running, kept in memory. Its legacy streams die with the
/// process, and so do their sessions' subscriptions; the sessions themselves end at the next start (they are deleted
/// by the stream's end, or evicted when idle).
/// </summary>
internal sealed class LocalClusterMembership : IClusterMembership
{
    private readonly ConcurrentDictionary<string, ClusterNode> _nodes = new(StringComparer.Ordinal);

    public Task HeartbeatAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        _nodes[node.Id] = node;
        return Task.CompletedTask;
    }

    public Task SetStatusAsync(string nodeId, NodeStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (_nodes.TryGetValue(nodeId, out var node))
        {
            _nodes[nodeId] = node with { Status = status, HeartbeatAt = at };
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> MarkDeadAsync(DateTimeOffset heartbeatBefore, DateTimeOffset forgetBefore, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ClusterNode>>([.. _nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal)]);

    public Task ClaimStreamAsync(string sessionId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> RecoverStreamsAsync(string nodeId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
