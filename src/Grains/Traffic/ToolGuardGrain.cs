using McpGateway.Core.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace McpGateway.Grains.Traffic;

/// <summary>
/// A tool's guard: the authority of its token bucket and of its concurrency slots (leases kept in memory, Core's
/// <see cref="TokenLeases"/> and <see cref="SlotLeases"/>), and of its circuit breaker (Core's <see cref="SharedBreaker"/>),
/// whose state is persisted in the <c>grains</c> storage before any transition or probe ticket is answered and pushed
/// to the observers of the nodes.
/// </summary>
internal sealed class ToolGuardGrain(
    [PersistentState("breaker", GrainStorage.Name)] IPersistentState<BreakerRecord> record,
    [FromKeyedServices(GrainTime.Key)] TimeProvider time,
    ILogger<ToolGuardGrain> logger) : Grain, IToolGuardGrain
{
    /// <summary>How long a node's subscription lasts unless it subscribes again (nodes refresh well before).</summary>
    public static readonly TimeSpan ObserverLifetime = TimeSpan.FromMinutes(1);

    private readonly TokenAuthority _tokens = new(time);
    private readonly SlotLeases _slots = new(time);
    private readonly ObserverManager<IBreakerObserver> _observers = new(ObserverLifetime, logger);

    private SharedBreaker Breaker => record.State.ToBreaker();

    public Task<TokenLease> LeaseTokens(TokenLeaseRequest request) => Task.FromResult(_tokens.Lease(request));

    public Task<SlotLease> LeaseSlots(SlotLeaseRequest request) =>
        Task.FromResult(new SlotLease(_slots.Lease(request.Holder, request.Cap, request.Want, request.TimeToLive)));

    public Task Release(LeaseRelease release)
    {
        _tokens.Release(release);
        _slots.Release(release.Holder);
        return Task.CompletedTask;
    }

    public Task<BreakerSnapshot> Subscribe(IBreakerObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.FromResult(Snapshot(Breaker));
    }

    public Task Unsubscribe(IBreakerObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<BreakerSnapshot> OpenBreaker(string holder, DateTimeOffset until) => await ChangeAsync(Breaker.Open(until));

    public async Task<BreakerSnapshot> CloseBreaker(string holder) => await ChangeAsync(Breaker.Close(holder));

    public async Task<ProbeTicket> ClaimProbe(string holder, TimeSpan timeToLive)
    {
        var (next, granted) = Breaker.Claim(holder, time.GetUtcNow(), timeToLive);
        if (granted)
        {
            await PersistAsync(next); // the ticket is durable before anyone is told to probe
        }

        return new ProbeTicket(granted, Snapshot(next));
    }

    public Task<GuardStatus> Status()
    {
        var breaker = Breaker;
        return Task.FromResult(new GuardStatus(_tokens.Held, _tokens.Available, _slots.Held, Snapshot(breaker), breaker.ProbeHolder, _observers.Count));
    }

    private async Task<BreakerSnapshot> ChangeAsync(SharedBreaker next)
    {
        if (next.Version == record.State.Version)
        {
            return Snapshot(next);
        }

        await PersistAsync(next);
        var snapshot = Snapshot(next);
        var key = this.GetPrimaryKeyString();
        await _observers.Notify(observer => observer.BreakerChanged(key, snapshot));
        return snapshot;
    }

    private async Task PersistAsync(SharedBreaker next)
    {
        var previous = record.State;
        record.State = BreakerRecord.Of(next);
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            record.State = previous; // not durable, so not granted: the caller sees the failure
            throw;
        }
    }

    private static BreakerSnapshot Snapshot(SharedBreaker breaker) => new(breaker.IsOpen, breaker.OpenUntil, breaker.Version);
}
