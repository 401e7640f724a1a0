using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Core.Sessions;

namespace McpGateway.Edge.Mcp;

/// <summary>Opens, finds and ends stateful sessions. A session is bound to the user and scope that opened it.</summary>
internal sealed class SessionManager(ISessionStore store, TimeProvider time)
{
    public async Task<SessionRecord> CreateAsync(
        CallerIdentity caller, string? scope, string protocolVersion, JsonObject? clientInfo, JsonObject? capabilities, CancellationToken cancellationToken)
    {
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
        await store.CreateAsync(session, cancellationToken);
        return session;
    }

    /// <summary>The session, when it exists and belongs to this caller and scope; otherwise null, whatever the reason.</summary>
    public async ValueTask<SessionRecord?> FindAsync(string sessionId, CallerIdentity caller, string? scope, CancellationToken cancellationToken)
    {
        if (sessionId.Length is 0 or > 128)
        {
            return null;
        }

        var session = await store.GetAsync(sessionId, cancellationToken);
        if (session is null
            || !string.Equals(session.OwnerUserId, caller.UserId, StringComparison.Ordinal)
            || !string.Equals(session.Scope, scope, StringComparison.Ordinal))
        {
            return null;
        }

        await store.TouchAsync(sessionId, time.GetUtcNow(), cancellationToken);
        return session;
    }

    public Task UpdateAsync(SessionRecord session, CancellationToken cancellationToken) => store.UpdateAsync(session, cancellationToken);

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken) => store.DeleteAsync(sessionId, cancellationToken);

    /// <summary>A 256-bit id from the CSPRNG, base64url.</summary>
    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
