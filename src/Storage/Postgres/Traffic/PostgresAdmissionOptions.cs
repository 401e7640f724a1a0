namespace McpGateway.Storage.Postgres.Traffic;

/// <summary>How the PostgreSQL engine shares traffic control between nodes.</summary>
public sealed record PostgresAdmissionOptions
{
    /// <summary>One statement per call (tokens) and per acquire and release (slots) instead of leases (<c>GATEWAY_ADMISSION_STRICT</c>).</summary>
    public bool Strict { get; init; }

    /// <summary>How long a lease of tokens or slots lasts; a dead node's share returns within it (<c>GATEWAY_ADMISSION_LEASE_SECONDS</c>).</summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the leases are looked after (renewed, grown, given back).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(100);
}
