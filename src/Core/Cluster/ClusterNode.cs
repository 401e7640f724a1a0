namespace McpGateway.Core.Cluster;

/// <summary>One gateway node as its heartbeat row describes it.</summary>
public sealed record ClusterNode
{
    /// <summary>Unique per process life (<c>GATEWAY_NODE_ID</c>, else host name plus a random suffix).</summary>
    public required string Id { get; init; }

    /// <summary>Where other nodes and operators reach it (<c>GATEWAY_NODE_ADDRESS</c>, else its first listen URL).</summary>
    public required string Address { get; init; }

    /// <summary>The gateway's version.</summary>
    public required string Version { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public NodeStatus Status { get; init; } = NodeStatus.Alive;

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>Calls being served at the last heartbeat.</summary>
    public int InFlight { get; init; }

    /// <summary>Open server-to-client streams at the last heartbeat.</summary>
    public int OpenStreams { get; init; }

    /// <summary>A digest of the <c>tools.yaml</c> and <c>policy.yaml</c> the node runs.</summary>
    public string ConfigVersion { get; init; } = "";
}
