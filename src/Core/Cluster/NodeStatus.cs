namespace McpGateway.Core.Cluster;

/// <summary>Where a node is in its life, as the cluster sees it.</summary>
public enum NodeStatus
{
    /// <summary>Heartbeating and taking calls.</summary>
    Alive,

    /// <summary>Draining after SIGTERM: finishing in-flight calls, taking no new ones.</summary>
    Leaving,

    /// <summary>Stopped cleanly.</summary>
    Left,

    /// <summary>Missed its heartbeats; another node recovered what it held.</summary>
    Dead,
}
