using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Core.Sessions;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Opens, finds and ends stateful sessions. A session is bound to the user and scope that opened it, and opened within
/// <see cref="SessionLimits"/>. A session read from the store serves this node's next requests for a moment
/// (<see cref="RecentSessions"/>). The log level of the sessions this node has seen is kept at hand (as last read or
/// set here), for filtering relayed log messages.
/// </summary>
internal sealed class SessionManager(ISessionStore store, TimeProvider time, SessionLimits limits, RecentSessions recent)
{
    private readonly ConcurrentDictionary<string, string> _logLevels = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens a session; refused (nothing stored) with <see cref="GatewayException"/> when the client data is too large
    /// (invalid params), the caller opens sessions too fast or already holds as many as allowed (rate limited).
    /// </summary>
    public async Task<SessionRecord> CreateAsync(
        CallerIdentity caller, string? scope, string protocolVersion, JsonObject? clientInfo, JsonObject? capabilities, CancellationToken cancellationToken)
    {
        if ((limits.CheckClientData(clientInfo, capabilities) ?? await limits.TakeInitializeAsync(caller, cancellationToken)) is { } refusal)
        {
            throw new GatewayException(refusal);
        }

        var now = time.GetUtcNow();
        var session = new SessionRecord
        {
            Id = NewId(),
            ProtocolVersion = protocolVersion,
            Scope = scope,
            OwnerUserId = caller.UserId,
            ClientInfo = clientInfo,
            ClientCapabilities = capabilities,
            CreatedAt = now,
            LastSeenAt = now,
        };
        if (!await store.TryCreateAsync(session, limits.MaxSessionsPerUser, cancellationToken))
        {
            throw new GatewayException(limits.TooManySessions(caller));
        }

        return session;
    }

    /// <summary>The session, when it exists and belongs to this caller and scope; otherwise null, whatever the reason.</summary>
    public async ValueTask<SessionRecord?> FindAsync(string sessionId, CallerIdentity caller, string? scope, CancellationToken cancellationToken)
    {
        if (sessionId.Length is 0 or > 128)
        {
            return null;
        }

        if (recent.Find(sessionId) is { } kept)
        {
            return Belongs(kept, caller, scope) ? kept : null;
        }

        // The store refuses another user's or scope's session before recording any activity on it; checked here again.
        var version = recent.Version;
        var session = await store.GetAsync(sessionId, caller.UserId, scope, time.GetUtcNow(), cancellationToken);
        if (session is null || !Belongs(session, caller, scope))
        {
            return null;
        }

        RememberLogLevel(session);
        recent.Keep(session, version);
        return session;
    }

    private static bool Belongs(SessionRecord session, CallerIdentity caller, string? scope) =>
        string.Equals(session.OwnerUserId, caller.UserId, StringComparison.Ordinal) && string.Equals(session.Scope, scope, StringComparison.Ordinal);

    /// <summary>Null when a legacy <c>initialize</c>'s client data may be stored with its session, else the error.</summary>
    public GatewayError? CheckClientData(JsonObject? clientInfo, JsonObject? capabilities) => limits.CheckClientData(clientInfo, capabilities);

    public async Task UpdateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        await store.UpdateAsync(session, cancellationToken);
        recent.Drop(session.Id);
        RememberLogLevel(session);
    }

    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        Forget(sessionId);
        return await store.DeleteAsync(sessionId, cancellationToken);
    }

    /// <summary>
    /// The level of log messages the session's client asked for (<c>logging/setLevel</c>), as this node last saw it;
    /// every level when it set none.
    /// </summary>
    public string LogLevelOf(string sessionId) => _logLevels.GetValueOrDefault(sessionId) ?? Core.Protocol.McpLogLevels.All;

    /// <summary>Drops what this node kept about a session that ended.</summary>
    public void Forget(string sessionId)
    {
        recent.Drop(sessionId);
        _logLevels.TryRemove(sessionId, out _);
    }

    /// <summary>Drops this node's copy of a session that changed on another node (its next request reads the store).</summary>
    public void Changed(string sessionId) => recent.Drop(sessionId);

    private void RememberLogLevel(SessionRecord session)
    {
        if (session.LogLevel is { } level)
        {
            _logLevels[session.Id] = level;
        }
        else
        {
            _logLevels.TryRemove(session.Id, out _);
        }
    }

    /// <summary>A 256-bit id from the CSPRNG, base64url.</summary>
    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
