namespace McpGateway.Grains.Traffic;

/// <summary>
/// A tool's guard, one activation cluster-wide per key (<c>tool:&lt;backend&gt;/&lt;tool&gt;</c>, the tool guard gate's key):
/// the authority of its token bucket (<see cref="ITokenAuthority"/>), of its concurrency slots (leased shares of the cap)
/// and of its circuit breaker (the shared state, pushed to the nodes' <see cref="IBreakerObserver"/>s, and the one
/// half-open probe ticket, persisted before it is handed out).
/// </summary>
public interface IToolGuardGrain : ITokenAuthority
{
    /// <summary>Sets the holder's share of the cap to what it wants, or what the other holders' unexpired leases leave.</summary>
    Task<SlotLease> LeaseSlots(SlotLeaseRequest request);

    /// <summary>Registers (or refreshes) a node's observer of the breaker; it expires unless refreshed. Answers the current state.</summary>
    Task<BreakerSnapshot> Subscribe(IBreakerObserver observer);

    Task Unsubscribe(IBreakerObserver observer);

    /// <summary>A node's breaker opened (a trip, or its probe failed) until <paramref name="until"/>.</summary>
    Task<BreakerSnapshot> OpenBreaker(string holder, DateTimeOffset until);

    /// <summary>The holder's probe succeeded: closes the breaker (ignored unless the holder has the probe ticket).</summary>
    Task<BreakerSnapshot> CloseBreaker(string holder);

    /// <summary>Asks for the one half-open probe of the cluster; the ticket lasts <paramref name="timeToLive"/> unless its verdict comes first.</summary>
    Task<ProbeTicket> ClaimProbe(string holder, TimeSpan timeToLive);

    /// <summary>What the authority holds now (for tests and operators).</summary>
    Task<GuardStatus> Status();
}
