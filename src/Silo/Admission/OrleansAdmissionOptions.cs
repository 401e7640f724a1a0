namespace McpGateway.Silo.Admission;

/// <summary>How a node's admission cache leases its shares from the traffic grains.</summary>
public sealed record OrleansAdmissionOptions
{
    /// <summary>How long a lease of tokens or slots lasts; a dead node's share returns within it (<c>GATEWAY_ADMISSION_LEASE_SECONDS</c>).</summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the leases are looked after (topped up, renewed, given back).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one grain call of the admission cache may take before it counts as failed (it is tried once more).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the node subscribes again to the breakers it uses (the grains forget a subscription after a minute).</summary>
    public TimeSpan ObserverRefresh { get; init; } = TimeSpan.FromSeconds(20);
}
