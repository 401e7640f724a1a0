namespace McpGateway.Grains.Cluster;

/// <summary>
/// What a gateway node reports about itself for <c>/admin/cluster</c>, beside what Orleans membership knows: where its
/// HTTP edge is reached, its version and roles, its load and the configuration it runs.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("mcpgw.NodeReport")]
public sealed record NodeReport
{
    [Id(0)]
    public required string Address { get; init; }

    [Id(1)]
    public required string Version { get; init; }

    [Id(2)]
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Whether the node is draining (SIGTERM received: finishing in-flight calls, taking no new ones).</summary>
    [Id(3)]
    public bool Draining { get; init; }

    [Id(4)]
    public required DateTimeOffset StartedAt { get; init; }

    [Id(5)]
    public required DateTimeOffset ReportedAt { get; init; }

    /// <summary>Calls being served.</summary>
    [Id(6)]
    public int InFlight { get; init; }

    /// <summary>Open server-to-client streams.</summary>
    [Id(7)]
    public int OpenStreams { get; init; }

    /// <summary>A digest of the <c>tools.yaml</c> and <c>policy.yaml</c> the node runs.</summary>
    [Id(8)]
    public string ConfigVersion { get; init; } = "";
}
