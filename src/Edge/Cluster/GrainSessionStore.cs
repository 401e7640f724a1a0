using System.Text.Json.Nodes;
using McpGateway.Core.Sessions;
using McpGateway.Edge.Hosting;
using McpGateway.Grains;
using McpGateway.Grains.Sessions;
using Orleans.Runtime;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// The <see cref="ISessionStore"/> over grains, on both engines: a session's record lives in its
/// <see cref="ISessionGrain"/> (persisted in grain storage), the per-user cap in the owner's
/// <see cref="ISessionOwnerGrain"/>. Every read goes to the grain (one in-cluster call, no database read), which records
/// the activity and learns that this node uses the session, so a change or an ending anywhere, idle eviction included,
/// reaches this node (<see cref="NodeSessionObserver"/>). The edge reads it once a second per session at most
/// (<see cref="Mcp.RecentSessions"/>).
/// </summary>
internal sealed class GrainSessionStore(IGrainFactory grains, ILocalSiloDetails silo, OrleansSessionPort port, GatewayOptions options) : ISessionStore
{
    public Task<bool> TryCreateAsync(SessionRecord session, int maxPerOwner, CancellationToken cancellationToken) =>
        Guarded(() => CreateAsync(session, maxPerOwner, cancellationToken));

    public async ValueTask<SessionRecord?> GetAsync(string sessionId, string ownerUserId, string? scope, DateTimeOffset seenAt, CancellationToken cancellationToken) =>
        await Guarded(async () => await grains.GetGrain<ISessionGrain>(sessionId).GetAsync(ownerUserId, scope, seenAt, port.Observer, silo.SiloAddress).WaitAsync(cancellationToken) is { } state
            ? FromState(state)
            : null);

    public Task UpdateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Guarded(() => grains.GetGrain<ISessionGrain>(session.Id).UpdateAsync(ToState(session)).WaitAsync(cancellationToken));
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken) =>
        Guarded(() => grains.GetGrain<ISessionGrain>(sessionId).EndAsync().WaitAsync(cancellationToken));

    /// <summary>A grain call; a grain or its storage out of reach becomes <see cref="SessionStoreUnavailableException"/> (503, retry).</summary>
    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (GrainCallFailures.IsOutOfReach(exception))
        {
            throw new SessionStoreUnavailableException("Session store unavailable: a session's grain could not be reached", exception);
        }
    }

    private async Task<bool> CreateAsync(SessionRecord session, int maxPerOwner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await grains.GetGrain<ISessionOwnerGrain>(session.OwnerUserId)
            .TryOpenAsync(ToState(session), maxPerOwner, port.Observer, silo.SiloAddress)
            .WaitAsync(cancellationToken);
    }

    private SessionState ToState(SessionRecord session) => new()
    {
        Id = session.Id,
        ProtocolVersion = session.ProtocolVersion,
        Scope = session.Scope,
        OwnerUserId = session.OwnerUserId,
        ClientInfo = session.ClientInfo?.ToJsonString(),
        ClientCapabilities = session.ClientCapabilities?.ToJsonString(),
        Initialized = session.Initialized,
        LogLevel = session.LogLevel,
        Subscriptions = [.. session.Subscriptions],
        CreatedAt = session.CreatedAt,
        LastSeenAt = session.LastSeenAt,
        IdleTimeout = options.SessionIdleTimeout,
    };

    private static SessionRecord FromState(SessionState state) => new()
    {
        Id = state.Id,
        ProtocolVersion = state.ProtocolVersion,
        Scope = state.Scope,
        OwnerUserId = state.OwnerUserId,
        ClientInfo = Json(state.ClientInfo),
        ClientCapabilities = Json(state.ClientCapabilities),
        Initialized = state.Initialized,
        LogLevel = state.LogLevel,
        Subscriptions = state.Subscriptions,
        CreatedAt = state.CreatedAt,
        LastSeenAt = state.LastSeenAt,
    };

    private static JsonObject? Json(string? text) => text is null ? null : NodeSessionObserver.Read(text);
}
