namespace McpGateway.Core.Traffic;

/// <summary>
/// The cluster-wide record of one circuit breaker, kept by its authority: open (until <see cref="OpenUntil"/>) or
/// closed, and who holds the one half-open probe ticket. Nodes count outcomes themselves and report transitions: the
/// node whose breaker opens reports <see cref="Open"/>; after the break exactly one node obtains the probe ticket
/// (<see cref="Claim"/>), and its probe's verdict closes the breaker or opens it again. A ticket whose holder never
/// reports (a dead node) expires after its time to live, and the next claim gets a new one. Immutable: each transition
/// returns the new record (with a higher <see cref="Version"/>), which the authority persists before answering.
/// </summary>
public sealed record SharedBreaker(bool IsOpen, DateTimeOffset OpenUntil, string? ProbeHolder, DateTimeOffset ProbeExpires, long Version)
{
    public static SharedBreaker Closed { get; } = new(false, default, null, default, 0);

    /// <summary>The state a node shows: open during the break, half-open after it until a probe decides.</summary>
    public BreakerState StateAt(DateTimeOffset now) => !IsOpen ? BreakerState.Closed : now < OpenUntil ? BreakerState.Open : BreakerState.HalfOpen;

    /// <summary>A node opened the breaker until <paramref name="until"/> (a trip, or its probe failed); a later end of an ongoing break wins.</summary>
    public SharedBreaker Open(DateTimeOffset until) =>
        IsOpen && ProbeHolder is null && OpenUntil >= until ? this : new(true, until, null, default, Version + 1);

    /// <summary>
    /// <paramref name="holder"/>'s probe succeeded: closes the breaker. Ignored unless the holder has the ticket (a stale
    /// verdict from an earlier break, or from a node whose ticket expired, changes nothing).
    /// </summary>
    public SharedBreaker Close(string holder) =>
        !IsOpen || ProbeHolder != holder ? this : Closed with { Version = Version + 1 };

    /// <summary>
    /// <paramref name="holder"/> asks for the half-open probe at <paramref name="now"/>: granted when the break is over
    /// and no other holder has an unexpired ticket (the same holder asking again gets its ticket renewed).
    /// </summary>
    public (SharedBreaker Record, bool Granted) Claim(string holder, DateTimeOffset now, TimeSpan timeToLive)
    {
        if (!IsOpen || now < OpenUntil || (ProbeHolder is not null && ProbeHolder != holder && now < ProbeExpires))
        {
            return (this, false);
        }

        return (this with { ProbeHolder = holder, ProbeExpires = now + timeToLive, Version = Version + 1 }, true);
    }
}
