namespace McpGateway.Grains.Traffic;

/// <summary>A node asks for tokens of a bucket with these settings (the node's configuration; a new limit replaces the bucket).</summary>
/// <param name="Holder">The node's engine (unique per process).</param>
/// <param name="Keep">Tokens of its current lease it has not spent.</param>
/// <param name="Want">New tokens it would like.</param>
/// <param name="TimeToLive">How long the lease lasts from when the authority grants it.</param>
[GenerateSerializer, Immutable]
public sealed record TokenLeaseRequest(
    [property: Id(0)] string Holder,
    [property: Id(1)] double PerMinute,
    [property: Id(2)] int Burst,
    [property: Id(3)] int Keep,
    [property: Id(4)] int Want,
    [property: Id(5)] TimeSpan TimeToLive);

/// <summary>The authority's answer: new tokens, the tokens of the old lease the node may keep spending, what is left in the bucket.</summary>
[GenerateSerializer, Immutable]
public sealed record TokenLease([property: Id(0)] int Granted, [property: Id(1)] int Kept, [property: Id(2)] double Available);

/// <summary>A node asks for a share of <paramref name="Cap"/> slots.</summary>
[GenerateSerializer, Immutable]
public sealed record SlotLeaseRequest(
    [property: Id(0)] string Holder,
    [property: Id(1)] int Cap,
    [property: Id(2)] int Want,
    [property: Id(3)] TimeSpan TimeToLive);

/// <summary>The share granted (0: none; the node admits nobody new).</summary>
[GenerateSerializer, Immutable]
public sealed record SlotLease([property: Id(0)] int Granted);

/// <summary>A stopping node gives its leases back: its unspent tokens and (for a tool) its slots.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaseRelease([property: Id(0)] string Holder, [property: Id(1)] int UnspentTokens);

/// <summary>A breaker's shared state: open until <see cref="OpenUntil"/> (half-open once it has passed) or closed.</summary>
[GenerateSerializer, Immutable]
public sealed record BreakerSnapshot([property: Id(0)] bool IsOpen, [property: Id(1)] DateTimeOffset OpenUntil, [property: Id(2)] long Version);

/// <summary>The answer to a probe claim: whether this node sends the probe, and the breaker's state.</summary>
[GenerateSerializer, Immutable]
public sealed record ProbeTicket([property: Id(0)] bool Granted, [property: Id(1)] BreakerSnapshot Breaker);

/// <summary>What a tool guard's authority holds: leased tokens and slots, holders, the breaker and its probe holder.</summary>
[GenerateSerializer, Immutable]
public sealed record GuardStatus(
    [property: Id(0)] int TokensHeld,
    [property: Id(1)] double TokensAvailable,
    [property: Id(2)] int SlotsHeld,
    [property: Id(3)] BreakerSnapshot Breaker,
    [property: Id(4)] string? ProbeHolder,
    [property: Id(5)] int Observers);
