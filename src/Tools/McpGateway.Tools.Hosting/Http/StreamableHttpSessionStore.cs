using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpGateway.Tools.Hosting.Http;

/// <summary>In-memory registry of stateful Streamable HTTP sessions with idle eviction.</summary>
internal sealed partial class StreamableHttpSessionStore(IOptions<McpHttpTransportOptions> options, ILogger<StreamableHttpSessionStore> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, StreamableHttpSession> _sessions = new(StringComparer.Ordinal);
    private readonly McpHttpTransportOptions _options = options.Value;

    public int Count => _sessions.Count;

    public bool IsFull => _sessions.Count >= _options.MaxSessions;

    public void Add(StreamableHttpSession session)
    {
        if (!_sessions.TryAdd(session.Id, session))
        {
            throw new InvalidOperationException("Session id collision.");
        }
    }

    public bool TryGet(string id, [NotNullWhen(true)] out StreamableHttpSession? session) => _sessions.TryGetValue(id, out session);

    /// <summary>Removes and ends a session (DELETE).</summary>
    public async ValueTask<bool> TryEndAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }

        session.Close();
        await session.DisposeAsync().ConfigureAwait(false);
        LogSessionEnded(id, "deleted");
        return true;
    }

    /// <summary>Evicts every session idle for longer than the configured timeout; returns how many.</summary>
    public async ValueTask<int> SweepAsync()
    {
        var idleMs = (long)_options.SessionIdleTimeout.TotalMilliseconds;
        var now = Environment.TickCount64;
        var evicted = 0;
        foreach (var (id, session) in _sessions)
        {
            if (session.TryCloseIfIdle(now, idleMs) && _sessions.TryRemove(id, out _))
            {
                evicted++;
                await session.DisposeAsync().ConfigureAwait(false);
                LogSessionEnded(id, "idle");
            }
        }

        return evicted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.EffectiveSweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in _sessions.Keys)
        {
            if (_sessions.TryRemove(id, out var session))
            {
                session.Close();
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP session {SessionId} ended ({Reason}).")]
    private partial void LogSessionEnded(string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idle MCP session sweep failed.")]
    private partial void LogSweepFailed(Exception exception);
}
