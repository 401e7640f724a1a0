namespace McpGateway.Core.Traffic;

/// <summary>
/// Where the admission entities live: this node's view of them, backed by shared authorities (the traffic grains). Each call returns the same entity for the same key and settings; keys are the gates' (<c>user:…</c>,
/// <c>tool:…</c>). Other settings for a key (a reloaded <c>tools.yaml</c>) replace its entity: later calls get the new one,
/// calls that hold the old one finish on it.
/// </summary>
public interface IAdmissionEngine
{
    /// <summary>Short name for the visibility endpoints (<c>orleans</c>).</summary>
    string Name { get; }

    /// <summary>Calls made to the shared authorities so far (grain calls: leases, renewals, breaker transitions).</summary>
    long AuthorityCalls { get; }

    IRateBudget Budget(string key, RateLimit limit);

    ISlotPool Slots(string key, ConcurrencySettings settings);

    CircuitBreaker Breaker(string key, BreakerSettings settings);
}

/// <summary>A token budget: the bucket itself, or this node's leased share of a cluster-wide one.</summary>
public interface IRateBudget
{
    RateLimit Limit { get; }

    /// <summary>Tokens this node can spend now without asking anyone.</summary>
    double Level { get; }

    ValueTask<BucketDecision> TryTakeAsync(CancellationToken cancellationToken);
}

/// <summary>Concurrency slots: the cap itself, or this node's leased share of a cluster-wide one.</summary>
public interface ISlotPool
{
    ConcurrencySettings Settings { get; }

    int InFlight { get; }

    int Queued { get; }

    /// <summary>Slots this node may fill now.</summary>
    int Capacity { get; }

    ValueTask<SlotDecision> AcquireAsync(CancellationToken cancellationToken);

    void Release();
}
