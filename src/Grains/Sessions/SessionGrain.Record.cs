using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace McpGateway.Grains.Sessions;

/// <summary>
/// The session's record (see <see cref="ISessionGrain"/>): persisted in storage <c>grains</c> (state <c>record</c>) when
/// opened, updated or ended; activity is kept in memory and written by the grain's idle timer when it moved on, so a
/// request costs no write. While the session is open the timer keeps the grain active; once the session has been idle
/// for its idle timeout the timer ends it and tells every node that used it. A grain activated again after the loss of
/// its silo counts the session's activity from the last written time.
/// </summary>
public sealed partial class SessionGrain
{
    private IGrainTimer? _idleTimer;
    private DateTimeOffset _lastSeen;

    public async Task<bool> OpenAsync(SessionState session, ISessionObserver node, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (IsOpen)
        {
            return false;
        }

        _record.State = session with { Id = this.GetPrimaryKeyString() };
        try
        {
            await _record.WriteStateAsync();
        }
        catch
        {
            // Not stored: not open (the caller gets the failure and may try again).
            _record.State = new SessionState();
            throw;
        }

        _lastSeen = session.LastSeenAt;
        Seen(node, silo, session.LastSeenAt);
        StartIdleTimer();
        return true;
    }

    public Task<SessionState?> GetAsync(string ownerUserId, string? scope, DateTimeOffset seenAt, ISessionObserver node, SiloAddress silo)
    {
        if (!IsOpen || IsIdle)
        {
            // An idle session is ended by the timer; until then it is already gone for its clients.
            return Task.FromResult<SessionState?>(null);
        }

        if (!string.Equals(_record.State.OwnerUserId, ownerUserId, StringComparison.Ordinal) || !string.Equals(_record.State.Scope, scope, StringComparison.Ordinal))
        {
            // Refused before anything is touched: the session's activity and its nodes stay as its owner left them.
            return Task.FromResult<SessionState?>(null);
        }

        if (seenAt > _lastSeen)
        {
            _lastSeen = seenAt;
        }

        Seen(node, silo, seenAt);
        return Task.FromResult<SessionState?>(_record.State with { LastSeenAt = _lastSeen });
    }

    public async Task<bool> UpdateAsync(SessionState session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!IsOpen || IsIdle)
        {
            return false;
        }

        _record.State = _record.State with
        {
            ClientInfo = session.ClientInfo,
            ClientCapabilities = session.ClientCapabilities,
            Initialized = session.Initialized,
            LogLevel = session.LogLevel,
            Subscriptions = session.Subscriptions,
            LastSeenAt = _lastSeen,
        };
        await _record.WriteStateAsync();

        // The nodes that read the session keep a copy for a moment (the edge's RecentSessions): they drop it now.
        await SendAsync(new SessionMessage { Kind = SessionMessageKind.SessionChanged });
        return true;
    }

    public async Task<bool> EndAsync()
    {
        if (!IsOpen)
        {
            return false;
        }

        await ForgetRecordAsync();
        return true;
    }

    public Task<bool> IsOpenAsync() => Task.FromResult(IsOpen && !IsIdle && !LostItsStream);

    /// <summary>
    /// A legacy SSE session (revision 2024-11-05) lives as long as its stream: once the node holding it is declared dead
    /// it no longer counts against its owner's cap (it is ended at its next post, or when idle).
    /// </summary>
    private bool LostItsStream => _record.State.ProtocolVersion == "2024-11-05" && _holderSilo is not null && IsDead(_holderSilo);

    private bool IsOpen => _record.State.Id.Length > 0;

    private bool IsIdle => _lastSeen + _record.State.IdleTimeout <= Now;

    private void ActivateRecord()
    {
        if (IsOpen)
        {
            _lastSeen = _record.State.LastSeenAt;
            StartIdleTimer();
        }
    }

    /// <summary>A node that used the session: told when it ends, as long as it could still be using it.</summary>
    private void Seen(ISessionObserver? node, SiloAddress? silo, DateTimeOffset at)
    {
        if (node is not null && silo is not null)
        {
            var until = at + _record.State.IdleTimeout + ParticipantLifetime;
            var id = node.GetGrainId();
            if (!_participants.TryGetValue(id, out var known) || known.Until < until)
            {
                _participants[id] = new Participant(node, silo, until);
            }
        }
    }

    /// <summary>Checks a quarter of the idle timeout (1 s to 1 min) for idleness; writes activity that moved on.</summary>
    private void StartIdleTimer()
    {
        if (_idleTimer is not null)
        {
            return;
        }

        var period = TimeSpan.FromTicks(Math.Clamp(_record.State.IdleTimeout.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
        _idleTimer = this.RegisterGrainTimer(
            OnIdleTimerAsync,
            new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = true });
    }

    private async Task OnIdleTimerAsync(CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            StopIdleTimer();
            return;
        }

        if (IsIdle)
        {
            var sessionId = this.GetPrimaryKeyString();
            LogEvicted(sessionId);
            await ForgetRecordAsync();
            await SendAsync(new SessionMessage { Kind = SessionMessageKind.SessionEnded });
            return;
        }

        if (_lastSeen > _record.State.LastSeenAt)
        {
            try
            {
                _record.State = _record.State with { LastSeenAt = _lastSeen };
                await _record.WriteStateAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Only the written activity lags: the next tick writes it again.
                LogActivityNotWritten(exception, this.GetPrimaryKeyString());
            }
        }
    }

    private async Task ForgetRecordAsync()
    {
        var owner = _record.State.OwnerUserId;
        StopIdleTimer();
        if (_record.RecordExists)
        {
            await _record.ClearStateAsync();
        }

        _record.State = new SessionState();
        if (owner.Length > 0)
        {
            await GrainFactory.GetGrain<ISessionOwnerGrain>(owner).RemoveAsync(this.GetPrimaryKeyString());
        }
    }

    private void StopIdleTimer()
    {
        _idleTimer?.Dispose();
        _idleTimer = null;
    }

    [LoggerMessage(EventId = 8320, Level = LogLevel.Information, Message = "Session {SessionId} ended: idle for its idle timeout")]
    private partial void LogEvicted(string sessionId);

    [LoggerMessage(EventId = 8321, Level = LogLevel.Warning, Message = "Session {SessionId}: its activity could not be written (retried at the next check)")]
    private partial void LogActivityNotWritten(Exception exception, string sessionId);
}
