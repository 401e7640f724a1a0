namespace McpGateway.Silo;

/// <summary>
/// The co-hosted Orleans silo's settings (<c>GATEWAY_CLUSTER_ID</c>, <c>GATEWAY_SERVICE_ID</c>, <c>GATEWAY_SILO_PORT</c>,
/// <c>GATEWAY_SILO_ADVERTISED_ADDRESS</c> and the membership probes); docs/configuration.md lists them.
/// </summary>
public sealed record SiloSettings
{
    /// <summary>The default silo-to-silo port of a cluster node (Orleans' own default).</summary>
    public const int DefaultClusterPort = 11111;

    /// <summary>Silos with the same cluster id on one database form one cluster (<c>GATEWAY_CLUSTER_ID</c>).</summary>
    public string ClusterId { get; init; } = "mcpgw";

    /// <summary>Names the grain state and reminders; keep it across deployments (<c>GATEWAY_SERVICE_ID</c>).</summary>
    public string ServiceId { get; init; } = "mcpgw";

    /// <summary>
    /// The silo-to-silo TCP port (<c>GATEWAY_SILO_PORT</c>). Null: <see cref="DefaultClusterPort"/> on PostgreSQL, any free
    /// loopback port on the embedded engine (its one silo talks to nobody).
    /// </summary>
    public int? SiloPort { get; init; }

    /// <summary>
    /// The IP address or host name other silos reach this one at (<c>GATEWAY_SILO_ADVERTISED_ADDRESS</c>); a host name is
    /// resolved at start. Null: 127.0.0.1 on the embedded engine, the host's first IPv4 address on PostgreSQL.
    /// </summary>
    public string? AdvertisedAddress { get; init; }

    /// <summary>How silos find out that one of them died.</summary>
    public MembershipProbes Probes { get; init; } = new();
}
