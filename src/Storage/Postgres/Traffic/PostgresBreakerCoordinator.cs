using McpGateway.Core.Traffic;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Postgres.Traffic;

/// <summary>
/// Shares one breaker through its row: a transition made here is written and announced (<c>NOTIFY</c>) to the other
/// nodes; the half-open probe is claimed in the row, so exactly one node sends it. A claim that fails brings this node's
/// breaker up to date with the row (closed by another node's probe, or opened again).
/// </summary>
internal sealed partial class PostgresBreakerCoordinator(string key, AdmissionStatements db, TimeProvider time, ILogger logger) : IBreakerCoordinator
{
    public CircuitBreaker? Breaker { get; set; }

    public void Publish(BreakerState state, DateTimeOffset openUntil) => _ = PublishAsync(state, openUntil);

    public async ValueTask<bool> ClaimProbeAsync(CancellationToken cancellationToken)
    {
        var ttl = Breaker?.Settings.BreakDuration ?? TimeSpan.FromSeconds(30);
        var (granted, state, openUntil) = await db.ClaimProbeAsync(key, ttl, cancellationToken);
        if (!granted)
        {
            if (state == "closed")
            {
                Breaker?.Apply(BreakerState.Closed, default);
            }
            else if (openUntil is { } until && until > time.GetUtcNow())
            {
                Breaker?.Apply(BreakerState.Open, until);
            }
        }

        return granted;
    }

    private async Task PublishAsync(BreakerState state, DateTimeOffset openUntil)
    {
        try
        {
            await db.SetBreakerAsync(key, state == BreakerState.Open ? "open" : "closed", state == BreakerState.Open ? openUntil : null, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogPublishFailed(exception, key);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Could not share the state of breaker {Key} with the cluster")]
    private partial void LogPublishFailed(Exception exception, string key);
}
