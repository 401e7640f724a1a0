using System.Collections.Concurrent;
using McpGateway.Core.Sessions;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// Sessions in the <c>sessions</c> table behind an in-memory cache. <see cref="GetAsync"/> and <see cref="TouchAsync"/>
/// do no I/O for a cached session, except that a touch writes <c>last_seen_at</c> once the stored value lags by the
/// write interval (30 s by default). A cache miss reads the table, so a restarted node still knows its sessions.
/// </summary>
/// <remarks>
/// Records handed out are shared with the cache: callers must not mutate their <c>ClientInfo</c> or
/// <c>ClientCapabilities</c> objects. The cache assumes one process serves these sessions (the embedded engine is one node).
/// </remarks>
internal sealed partial class SqliteSessionStore(SqliteDatabase database, TimeSpan touchWriteInterval) : ISessionStore, IDisposable
{
    /// <summary>How far the stored last-seen time may lag behind activity.</summary>
    public static readonly TimeSpan DefaultTouchWriteInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, CachedSession> _cache = new(StringComparer.Ordinal);

    // Serialises cache misses with the writes that add or remove sessions, so a miss that read a row just before it
    // was deleted cannot put the session back into the cache afterwards. Hits and touches never take it.
    private readonly Lock _gate = new();

    public SqliteSessionStore(SqliteDatabase database)
        : this(database, DefaultTouchWriteInterval)
    {
    }

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var connection = database.Open();
            try
            {
                connection.Execute(InsertSql, SessionParameters(session));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraintError)
            {
                throw new InvalidOperationException($"Session '{session.Id}' already exists.", e);
            }

            _cache[session.Id] = new CachedSession(session);
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryCreateAsync(SessionRecord session, int maxPerOwner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var connection = database.Open();
            try
            {
                if (connection.Execute(InsertUnderCapSql, [.. SessionParameters(session), ("$max_per_owner", maxPerOwner)]) == 0)
                {
                    return Task.FromResult(false);
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraintError)
            {
                throw new InvalidOperationException($"Session '{session.Id}' already exists.", e);
            }

            _cache[session.Id] = new CachedSession(session);
        }

        return Task.FromResult(true);
    }

    public ValueTask<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(sessionId, out var cached))
        {
            return new ValueTask<SessionRecord?>(cached.Record);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<SessionRecord?>(LoadIntoCache(sessionId)?.Record);
    }

    public ValueTask TouchAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var session = _cache.TryGetValue(sessionId, out var cached) ? cached : LoadIntoCache(sessionId);
        if (session?.Touch(at, touchWriteInterval) is not { } write)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            using var connection = database.Open();
            connection.Execute(TouchSql, ("$id", sessionId), ("$last_seen", write.At.ToUnixTimeMilliseconds()));
        }
        catch
        {
            session.WriteFailed(write.At, write.Previous);
            throw;
        }

        return ValueTask.CompletedTask;
    }

    public Task UpdateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var connection = database.Open();
            if (connection.Execute(UpdateSql, SessionParameters(session)) == 0)
            {
                // Unknown or already ended: nothing to update, and nothing stale may stay cached.
                _cache.TryRemove(session.Id, out _);
            }
            else if (_cache.TryGetValue(session.Id, out var cached))
            {
                cached.Update(session);
                cached.Written(session.LastSeenAt);
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var connection = database.Open();
            var deleted = connection.Execute("DELETE FROM sessions WHERE id = $id", ("$id", sessionId)) > 0;
            var uncached = _cache.TryRemove(sessionId, out _);
            return Task.FromResult(deleted || uncached);
        }
    }

    public Task<IReadOnlyList<string>> EvictIdleAsync(DateTimeOffset idleBefore, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Activity held back by coalescing is written first, or a session in use would look idle in the table.
            var unwritten = Unwritten(notBefore: idleBefore);
            using var connection = database.Open();
            using var transaction = SqliteDatabase.BeginWrite(connection);
            WriteLastSeen(transaction, unwritten);
            IReadOnlyList<string> evicted = transaction.Query(
                "DELETE FROM sessions WHERE last_seen_at < $idle_before RETURNING id",
                r => r.GetString(0),
                ("$idle_before", idleBefore.ToUnixTimeMilliseconds()));
            transaction.Commit();

            foreach (var (session, lastSeen) in unwritten)
            {
                session.Written(lastSeen);
            }

            foreach (var id in evicted)
            {
                _cache.TryRemove(id, out _);
            }

            // Idle entries whose rows were removed elsewhere would otherwise stay cached for ever.
            foreach (var (id, session) in _cache)
            {
                if (session.Record.LastSeenAt < idleBefore)
                {
                    _cache.TryRemove(id, out _);
                }
            }

            return Task.FromResult(evicted);
        }
    }

    /// <summary>Writes activity still held back by coalescing.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            var unwritten = Unwritten(notBefore: DateTimeOffset.MinValue);
            if (unwritten.Count == 0)
            {
                return;
            }

            try
            {
                using var connection = database.Open();
                using var transaction = SqliteDatabase.BeginWrite(connection);
                WriteLastSeen(transaction, unwritten);
                transaction.Commit();
            }
            catch (SqliteException)
            {
                // Losing the last few seconds of activity only makes sessions look idle a little earlier.
            }
        }
    }

    private CachedSession? LoadIntoCache(string sessionId)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(sessionId, out var cached))
            {
                return cached;
            }

            using var connection = database.Open();
            var rows = connection.Query(SelectSql, ReadSession, ("$id", sessionId));
            return rows.Count == 0 ? null : _cache[sessionId] = new CachedSession(rows[0]);
        }
    }

    private List<(CachedSession Session, DateTimeOffset LastSeen)> Unwritten(DateTimeOffset notBefore) =>
        [.. _cache.Values.Select(s => (Session: s, LastSeen: s.Unwritten())).Where(u => u.LastSeen >= notBefore).Select(u => (u.Session, u.LastSeen!.Value))];

    private static void WriteLastSeen(SqliteTransaction transaction, List<(CachedSession Session, DateTimeOffset LastSeen)> unwritten)
    {
        foreach (var (session, lastSeen) in unwritten)
        {
            transaction.Execute(TouchSql, ("$id", session.Record.Id), ("$last_seen", lastSeen.ToUnixTimeMilliseconds()));
        }
    }
}
