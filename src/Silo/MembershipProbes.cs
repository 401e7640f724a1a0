namespace McpGateway.Silo;

/// <summary>
/// Orleans' failure detector as the gateway tunes it (docs/cluster.md explains the choice and the measured time to
/// declare a killed node dead). Every silo probes its peers every <see cref="ProbeTimeout"/>; after
/// <see cref="MissedProbes"/> missed probes in a row it suspects the peer, and <see cref="DeathVotes"/> suspicions
/// declare it dead. A dead silo's row stays in the membership table for <see cref="DefunctExpiration"/>.
/// </summary>
public sealed record MembershipProbes
{
    /// <summary>Probe period and timeout (<c>GATEWAY_SILO_PROBE_TIMEOUT_SECONDS</c>; Orleans' default is 5 s).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo suspects its peer (<c>GATEWAY_SILO_MISSED_PROBES</c>).</summary>
    public int MissedProbes { get; init; } = 3;

    /// <summary>Suspicions that declare a silo dead (<c>GATEWAY_SILO_DEATH_VOTES</c>; capped by the live silos).</summary>
    public int DeathVotes { get; init; } = 2;

    /// <summary>How often a silo writes its "I am alive" time to the table (<c>GATEWAY_SILO_ALIVE_SECONDS</c>).</summary>
    public TimeSpan IAmAlivePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo reads the whole table besides gossip (<c>GATEWAY_SILO_TABLE_REFRESH_SECONDS</c>).</summary>
    public TimeSpan TableRefresh { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long rows of dead silos stay listed (<c>GATEWAY_SILO_DEFUNCT_MINUTES</c>).</summary>
    public TimeSpan DefunctExpiration { get; init; } = TimeSpan.FromHours(1);
}
