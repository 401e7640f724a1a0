using McpGateway.Core.Sessions;
using Npgsql;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Sessions in the <c>sessions</c> table, shared by every node of the cluster: each read goes to the table, so a
/// session created, changed or ended on one node is seen by the others at once. Only activity is held back: a touch
/// writes <c>last_seen_at</c> once the table lags behind this node's activity by the write interval (30 s), and that
/// activity is written before this node evicts idle sessions and when the store is disposed.
/// </summary>
internal sealed partial class PostgresSessionStore(PostgresDatabase database, TimeSpan touchWriteInterval) : ISessionStore, IAsyncDisposable
{
    /// <summary>How far the stored last-seen time may lag behind this node's activity.</summary>
    public static readonly TimeSpan DefaultTouchWriteInterval = TimeSpan.FromSeconds(30);

    private readonly SessionActivity _activity = new(touchWriteInterval);

    public PostgresSessionStore(PostgresDatabase database)
        : this(database, DefaultTouchWriteInterval)
    {
    }

    public async Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(null, InsertSql, cancellationToken, SessionParameters(session));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"Session '{session.Id}' already exists.", e);
        }

        _activity.Persisted(session.Id, session.LastSeenAt);
    }

    public async Task<bool> TryCreateAsync(SessionRecord session, int maxPerOwner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction, LockOwnerSql, cancellationToken, P("owner", session.OwnerUserId));
        var owned = await connection.QueryAsync(transaction, CountOwnedSql, r => r.GetInt64(0), cancellationToken, P("owner", session.OwnerUserId));
        if (owned[0] >= maxPerOwner)
        {
            return false;
        }

        try
        {
            await connection.ExecuteAsync(transaction, InsertSql, cancellationToken, SessionParameters(session));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"Session '{session.Id}' already exists.", e);
        }

        _activity.Persisted(session.Id, session.LastSeenAt);
        return true;
    }

    public async ValueTask<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, SelectSql, ReadSession, cancellationToken, P("id", sessionId));
        if (rows.Count == 0)
        {
            _activity.Forget(sessionId);
            return null;
        }

        _activity.Persisted(sessionId, rows[0].LastSeenAt);
        return rows[0] with { LastSeenAt = _activity.LatestOr(sessionId, rows[0].LastSeenAt) };
    }

    public async ValueTask TouchAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!_activity.Knows(sessionId))
        {
            // Not seen on this node yet (created elsewhere, or before a restart): write through, learning what the table holds.
            await using var connection = await database.OpenAsync(cancellationToken);
            var stored = await connection.QueryAsync(null, TouchSql + " RETURNING last_seen_at", r => r.GetFieldValue<DateTimeOffset>(0), cancellationToken, TouchParameters(sessionId, at));
            if (stored.Count > 0)
            {
                _activity.Persisted(sessionId, stored[0]);
            }

            return;
        }

        if (_activity.Touch(sessionId, at) is not { } write)
        {
            return;
        }

        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(null, TouchSql, cancellationToken, TouchParameters(sessionId, write.At));
        }
        catch
        {
            _activity.WriteFailed(sessionId, write.At, write.Previous);
            throw;
        }
    }

    public async Task UpdateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.QueryAsync(null, UpdateSql, r => r.GetFieldValue<DateTimeOffset>(0), cancellationToken, SessionParameters(session));
        if (stored.Count == 0)
        {
            _activity.Forget(session.Id);
        }
        else
        {
            _activity.Persisted(session.Id, stored[0]);
        }
    }

    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(null, "DELETE FROM sessions WHERE id = @id", cancellationToken, P("id", sessionId)) > 0;
        _activity.Forget(sessionId);
        return deleted;
    }

    public async Task<IReadOnlyList<string>> EvictIdleAsync(DateTimeOffset idleBefore, CancellationToken cancellationToken)
    {
        // This node's held-back activity is written first, or a session in use here would look idle in the table.
        var unwritten = _activity.Unwritten(notBefore: idleBefore);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteLastSeenAsync(connection, transaction, unwritten, cancellationToken);
        var evicted = await connection.QueryAsync(
            transaction,
            "DELETE FROM sessions WHERE last_seen_at < @idle_before RETURNING id",
            r => r.GetString(0),
            cancellationToken,
            P("idle_before", idleBefore.ToUniversalTime()));
        await transaction.CommitAsync(cancellationToken);

        foreach (var (id, lastSeen) in unwritten)
        {
            _activity.Persisted(id, lastSeen);
        }

        foreach (var id in evicted)
        {
            _activity.Forget(id);
        }

        _activity.ForgetIdle(idleBefore);
        return evicted;
    }

    /// <summary>Writes activity still held back by coalescing.</summary>
    public async ValueTask DisposeAsync()
    {
        var unwritten = _activity.Unwritten(notBefore: DateTimeOffset.MinValue);
        if (unwritten.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await WriteLastSeenAsync(connection, null, unwritten, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or ObjectDisposedException)
        {
            // Losing the last few seconds of activity only makes sessions look idle a little earlier.
        }
    }

    private static async Task WriteLastSeenAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, List<(string SessionId, DateTimeOffset LastSeen)> unwritten, CancellationToken cancellationToken)
    {
        if (unwritten.Count == 0)
        {
            return;
        }

        // One statement for all of them: UPDATE … FROM unnest(ids, times).
        await connection.ExecuteAsync(
            transaction,
            """
            UPDATE sessions AS s SET last_seen_at = GREATEST(s.last_seen_at, u.last_seen)
            FROM unnest(@ids, @times) AS u(id, last_seen)
            WHERE s.id = u.id
            """,
            cancellationToken,
            P("ids", unwritten.Select(u => u.SessionId).ToArray()),
            P("times", unwritten.Select(u => u.LastSeen.ToUniversalTime()).ToArray()));
    }
}
