using McpGateway.Core.Storage;

namespace McpGateway.Edge.Health;

/// <summary>
/// Probes the engine's store for readiness, bounded by <see cref="Timeout"/>. The cause of a failure is logged (once per
/// change of state), never shown in the unauthenticated health body.
/// </summary>
internal sealed partial class StoreHealth(IStoreProbe probe, ILogger<StoreHealth> logger)
{
    /// <summary>How long a probe may take before the store counts as unavailable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private int _lastReachable = 1;

    public string Engine => probe.Engine;

    /// <summary>True when the store answered within <see cref="Timeout"/>.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await probe.CheckAsync(timeout.Token);
            if (Interlocked.Exchange(ref _lastReachable, 1) == 0)
            {
                LogReachableAgain(probe.Engine);
            }

            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref _lastReachable, 0) == 1)
            {
                LogUnreachable(exception, probe.Engine);
            }

            return false;
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Store unreachable ({Engine}): the node reports not ready until it answers again")]
    private partial void LogUnreachable(Exception exception, string engine);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Store reachable again ({Engine})")]
    private partial void LogReachableAgain(string engine);
}
