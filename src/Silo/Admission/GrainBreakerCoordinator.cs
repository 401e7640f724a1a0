using McpGateway.Core.Traffic;
using McpGateway.Grains.Traffic;
using Microsoft.Extensions.Logging;

namespace McpGateway.Silo.Admission;

/// <summary>
/// Shares one node's <see cref="CircuitBreaker"/> through the tool's guard grain: a transition made here (a trip, a
/// probe's verdict) is reported to the grain, which persists it and pushes it to every node's observer; the half-open
/// probe is claimed from the grain, so exactly one node of the cluster sends it. A refused claim brings this node's
/// breaker up to date with the grain's state (closed by another node's probe, or opened again).
/// </summary>
internal sealed partial class GrainBreakerCoordinator(
    string key, IToolGuardGrain authority, string holder, GrainCalls calls, TimeProvider time, ILogger logger) : IBreakerCoordinator
{
    private long _version = -1;

    public CircuitBreaker? Breaker { get; set; }

    public void Publish(BreakerState state, DateTimeOffset openUntil) => _ = PublishAsync(state, openUntil);

    public async ValueTask<bool> ClaimProbeAsync(CancellationToken cancellationToken)
    {
        var ttl = Breaker?.Settings.BreakDuration ?? BreakerSettings.Default.BreakDuration;
        var ticket = await calls.Call(() => authority.ClaimProbe(holder, ttl)).WaitAsync(cancellationToken);
        if (!ticket.Granted)
        {
            Apply(ticket.Breaker);
        }

        return ticket.Granted;
    }

    /// <summary>Applies the shared state (from a subscription, a notification or a refused claim).</summary>
    public void Apply(BreakerSnapshot snapshot)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _version);
            if (snapshot.Version < seen)
            {
                return; // an older transition arriving late
            }
        }
        while (Interlocked.CompareExchange(ref _version, snapshot.Version, seen) != seen);

        if (!snapshot.IsOpen)
        {
            Breaker?.Apply(BreakerState.Closed, default);
        }
        else if (snapshot.OpenUntil > time.GetUtcNow())
        {
            Breaker?.Apply(BreakerState.Open, snapshot.OpenUntil);
        }
    }

    private async Task PublishAsync(BreakerState state, DateTimeOffset openUntil)
    {
        try
        {
            var snapshot = state == BreakerState.Open
                ? await calls.Call(() => authority.OpenBreaker(holder, openUntil))
                : await calls.Call(() => authority.CloseBreaker(holder));
            if (state == BreakerState.Closed && snapshot.IsOpen)
            {
                Apply(snapshot); // our probe's verdict came too late: the cluster's breaker opened again meanwhile
            }
        }
        catch (Exception exception)
        {
            LogPublishFailed(exception, key);
        }
    }

    [LoggerMessage(EventId = 8000, Level = LogLevel.Warning, Message = "Could not share the state of breaker {Key} with its guard grain")]
    private partial void LogPublishFailed(Exception exception, string key);
}
