namespace McpGateway.Core.Cluster;

/// <summary>
/// Messages between the nodes of a cluster: every message published reaches every listening node (including the
/// publisher, which ignores its own). Delivery is at most once and unordered across publishers; a node that is down
/// misses what was published meanwhile. The embedded engine has one node, and its bus delivers nothing.
/// </summary>
public interface IClusterBus
{
    /// <summary>Whether other nodes can exist behind this bus (false on the embedded engine).</summary>
    bool ReachesOtherNodes { get; }

    /// <summary>Publishes a payload (any size; large ones travel through the store).</summary>
    Task PublishAsync(string payload, CancellationToken cancellationToken);

    /// <summary>Delivers every payload received to <paramref name="deliver"/> until cancelled, reconnecting after failures.</summary>
    Task ListenAsync(Func<string, ValueTask> deliver, CancellationToken cancellationToken);
}
