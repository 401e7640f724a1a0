using McpGateway.Core.Sessions;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// A session in <see cref="SqliteSessionStore"/>'s memory: the latest record, plus the last-seen time the database
/// holds, so activity is written only when it has moved on by the write interval.
/// </summary>
internal sealed class CachedSession(SessionRecord record)
{
    private readonly Lock _gate = new();
    private SessionRecord _current = record;
    private DateTimeOffset _persistedLastSeen = record.LastSeenAt;

    public SessionRecord Record => Volatile.Read(ref _current);

    /// <summary>
    /// Moves last-seen forward; when the database lags by <paramref name="writeInterval"/> or more, returns the time to
    /// write and the one the database held before (for <see cref="WriteFailed"/>).
    /// </summary>
    public (DateTimeOffset At, DateTimeOffset Previous)? Touch(DateTimeOffset at, TimeSpan writeInterval)
    {
        lock (_gate)
        {
            if (at > _current.LastSeenAt)
            {
                Volatile.Write(ref _current, _current with { LastSeenAt = at });
            }

            if (_current.LastSeenAt - _persistedLastSeen < writeInterval)
            {
                return null;
            }

            var previous = _persistedLastSeen;
            _persistedLastSeen = _current.LastSeenAt;
            return (_persistedLastSeen, previous);
        }
    }

    /// <summary>Undoes <see cref="Touch"/>'s bookkeeping when its write failed, so the next touch retries.</summary>
    public void WriteFailed(DateTimeOffset attempted, DateTimeOffset previous)
    {
        lock (_gate)
        {
            if (_persistedLastSeen == attempted)
            {
                _persistedLastSeen = previous;
            }
        }
    }

    /// <summary>The last-seen time not yet in the database, if any.</summary>
    public DateTimeOffset? Unwritten()
    {
        lock (_gate)
        {
            return _current.LastSeenAt > _persistedLastSeen ? _current.LastSeenAt : null;
        }
    }

    /// <summary>Records that the database holds <paramref name="lastSeen"/> (or later).</summary>
    public void Written(DateTimeOffset lastSeen)
    {
        lock (_gate)
        {
            if (lastSeen > _persistedLastSeen)
            {
                _persistedLastSeen = lastSeen;
            }
        }
    }

    /// <summary>Takes the mutable parts of <paramref name="updated"/>, never moving last-seen backwards.</summary>
    public void Update(SessionRecord updated)
    {
        lock (_gate)
        {
            Volatile.Write(ref _current, _current with
            {
                ClientInfo = updated.ClientInfo,
                ClientCapabilities = updated.ClientCapabilities,
                Initialized = updated.Initialized,
                LogLevel = updated.LogLevel,
                Subscriptions = updated.Subscriptions,
                LastSeenAt = updated.LastSeenAt > _current.LastSeenAt ? updated.LastSeenAt : _current.LastSeenAt,
            });
        }
    }
}
