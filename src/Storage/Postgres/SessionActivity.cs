using System.Collections.Concurrent;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// This node's view of session activity for <see cref="PostgresSessionStore"/>: per session, the latest activity seen
/// here and the last-seen time the table is known to hold, so a touch writes only when the table lags by the write
/// interval. It caches no session data: the table stays the truth that every node reads.
/// </summary>
internal sealed class SessionActivity(TimeSpan writeInterval)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The table holds <paramref name="lastSeen"/> (or later) for the session.</summary>
    public void Persisted(string sessionId, DateTimeOffset lastSeen) => _entries.GetOrAdd(sessionId, _ => new Entry(lastSeen)).Written(lastSeen);

    /// <summary>Whether this node knows what the table holds for the session (else a touch writes through).</summary>
    public bool Knows(string sessionId) => _entries.ContainsKey(sessionId);

    /// <summary>The latest activity seen here, when it is later than <paramref name="stored"/>.</summary>
    public DateTimeOffset LatestOr(string sessionId, DateTimeOffset stored) =>
        _entries.TryGetValue(sessionId, out var entry) && entry.Seen > stored ? entry.Seen : stored;

    /// <summary>
    /// Records activity; when the table lags by the write interval, returns the time to write and the one the table
    /// held before (for <see cref="WriteFailed"/>). Null for a session this node does not know.
    /// </summary>
    public (DateTimeOffset At, DateTimeOffset Previous)? Touch(string sessionId, DateTimeOffset at) =>
        _entries.TryGetValue(sessionId, out var entry) ? entry.Touch(at, writeInterval) : null;

    public void WriteFailed(string sessionId, DateTimeOffset attempted, DateTimeOffset previous)
    {
        if (_entries.TryGetValue(sessionId, out var entry))
        {
            entry.WriteFailed(attempted, previous);
        }
    }

    /// <summary>Activity seen here at or after <paramref name="notBefore"/> that the table does not hold yet.</summary>
    public List<(string SessionId, DateTimeOffset LastSeen)> Unwritten(DateTimeOffset notBefore) =>
        [.. _entries.Select(e => (e.Key, LastSeen: e.Value.Unwritten())).Where(u => u.LastSeen >= notBefore).Select(u => (u.Key, u.LastSeen!.Value))];

    /// <summary>Forgets a session (ended, evicted, or gone from the table).</summary>
    public void Forget(string sessionId) => _entries.TryRemove(sessionId, out _);

    /// <summary>Forgets sessions with no activity since <paramref name="idleBefore"/>.</summary>
    public void ForgetIdle(DateTimeOffset idleBefore)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.Seen < idleBefore)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    private sealed class Entry(DateTimeOffset persisted)
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _seen = persisted;
        private DateTimeOffset _persisted = persisted;

        public DateTimeOffset Seen
        {
            get
            {
                lock (_gate)
                {
                    return _seen;
                }
            }
        }

        public (DateTimeOffset At, DateTimeOffset Previous)? Touch(DateTimeOffset at, TimeSpan writeInterval)
        {
            lock (_gate)
            {
                if (at > _seen)
                {
                    _seen = at;
                }

                if (_seen - _persisted < writeInterval)
                {
                    return null;
                }

                var previous = _persisted;
                _persisted = _seen;
                return (_persisted, previous);
            }
        }

        public void WriteFailed(DateTimeOffset attempted, DateTimeOffset previous)
        {
            lock (_gate)
            {
                if (_persisted == attempted)
                {
                    _persisted = previous;
                }
            }
        }

        public DateTimeOffset? Unwritten()
        {
            lock (_gate)
            {
                return _seen > _persisted ? _seen : null;
            }
        }

        public void Written(DateTimeOffset lastSeen)
        {
            lock (_gate)
            {
                if (lastSeen > _persisted)
                {
                    _persisted = lastSeen;
                }

                if (lastSeen > _seen)
                {
                    _seen = lastSeen;
                }
            }
        }
    }
}
