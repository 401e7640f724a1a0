namespace McpGateway.Edge.Tests.Cluster;

/// <summary>The cluster tests start several processes each: they run one class at a time, not beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
