using McpGateway.Core.Sessions;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Hosting;

/// <summary>Ends sessions that have been idle longer than <see cref="GatewayOptions.SessionIdleTimeout"/>.</summary>
internal sealed partial class SessionEvictionService(
    ISessionStore store,
    SessionStreams streams,
    SessionEndings endings,
    ISessionPort cluster,
    GatewayOptions options,
    TimeProvider time,
    ILogger<SessionEvictionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(options.SessionIdleTimeout.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var evicted = await store.EvictIdleAsync(time.GetUtcNow() - options.SessionIdleTimeout, stoppingToken);
                if (evicted.Count > 0)
                {
                    streams.Close(evicted);
                    foreach (var sessionId in evicted)
                    {
                        await endings.EndedAsync(sessionId);
                        await cluster.SessionEndedAsync(sessionId);
                    }

                    LogEvicted(evicted.Count);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Evicted {Count} idle sessions")]
    private partial void LogEvicted(int count);
}
