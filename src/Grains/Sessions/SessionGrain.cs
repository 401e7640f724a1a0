using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace McpGateway.Grains.Sessions;

/// <summary>
/// Routes a session's messages to the nodes that hold its stream or serve its calls (see <see cref="ISessionGrain"/>).
/// The holder is persisted (storage <c>grains</c>), so a grain re-activated on another silo still knows it; a holder
/// on a silo that membership declared dead, or one that does not answer within its observer call's timeout, is
/// dropped and the message reported <see cref="SessionDelivery.HolderGone"/>. Participants live in memory and expire
/// unless their node joins again (its keep-alive) within <see cref="ParticipantLifetime"/>. The session's record is
/// the other part of the grain (<c>SessionGrain.Record.cs</c>).
/// </summary>
public sealed partial class SessionGrain(
    [PersistentState("session", "grains")] IPersistentState<SessionHolderState> holder,
    [PersistentState("record", "grains")] IPersistentState<SessionState> record,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    /// <summary>How long a participant stays registered without joining again.</summary>
    public static readonly TimeSpan ParticipantLifetime = TimeSpan.FromMinutes(3);

    /// <summary>How long a node may take to accept a message before it counts as gone (the grain waits, in order).</summary>
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before delivering again to a node this silo cannot route to yet.</summary>
    private static readonly TimeSpan RoutePause = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<GrainId, Participant> _participants = [];
    private readonly IPersistentState<SessionState> _record = record;
    private ISessionObserver? _holder;
    private SiloAddress? _holderSilo;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (holder.State.Observer.Length > 0)
        {
            try
            {
                _holder = GrainFactory.GetGrain(GrainId.Parse(holder.State.Observer)).AsReference<ISessionObserver>();
                _holderSilo = SiloAddress.FromParsableString(holder.State.Silo);
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException or IndexOutOfRangeException)
            {
                _holder = null;
                _holderSilo = null;
            }
        }

        ActivateRecord();
        return Task.CompletedTask;
    }

    public async Task HoldAsync(ISessionObserver observer, string nodeId, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(silo);
        var id = observer.GetGrainId().ToString();
        _holder = observer;
        _holderSilo = silo;
        if (holder.State.Observer != id || holder.State.Silo != silo.ToParsableString() || holder.State.NodeId != nodeId)
        {
            holder.State = new SessionHolderState { Observer = id, NodeId = nodeId, Silo = silo.ToParsableString() };
            await holder.WriteStateAsync();
        }
    }

    public async Task ReleaseAsync(ISessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (_holder is not null && _holder.GetGrainId() == observer.GetGrainId())
        {
            await ForgetHolderAsync();
        }
    }

    public Task JoinAsync(ISessionObserver observer, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _participants[observer.GetGrainId()] = new Participant(observer, silo, time.GetUtcNow() + ParticipantLifetime);
        return Task.CompletedTask;
    }

    public async Task<SessionDelivery> SendAsync(SessionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sessionId = this.GetPrimaryKeyString();
        return message.Kind switch
        {
            SessionMessageKind.StreamNotification or SessionMessageKind.ClientMessage => await ToHolderAsync(sessionId, message),
            _ => await ToEveryNodeAsync(sessionId, message),
        };
    }

    private async Task<SessionDelivery> ToHolderAsync(string sessionId, SessionMessage message)
    {
        if (_holder is null || _holderSilo is null)
        {
            return SessionDelivery.NoHolder;
        }

        if (IsDead(_holderSilo))
        {
            LogHolderDead(sessionId, holder.State.NodeId);
            await ForgetHolderAsync();
            return SessionDelivery.HolderGone;
        }

        try
        {
            if (await DeliverAsync(_holder, _holderSilo, sessionId, message))
            {
                return SessionDelivery.Delivered;
            }

            await ForgetHolderAsync();
            return SessionDelivery.NoHolder;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogHolderUnreachable(exception, sessionId, holder.State.NodeId);
            await ForgetHolderAsync();
            return SessionDelivery.HolderGone;
        }
    }

    private async Task<SessionDelivery> ToEveryNodeAsync(string sessionId, SessionMessage message)
    {
        var now = time.GetUtcNow();
        foreach (var expired in _participants.Where(p => p.Value.Until < now || IsDead(p.Value.Silo)).Select(p => p.Key).ToList())
        {
            _participants.Remove(expired);
        }

        var targets = _participants.ToDictionary(p => p.Key, p => (p.Value.Observer, p.Value.Silo));
        if (_holder is not null && _holderSilo is not null && !IsDead(_holderSilo))
        {
            targets.TryAdd(_holder.GetGrainId(), (_holder, _holderSilo));
        }

        var failed = new List<GrainId>();
        await Task.WhenAll(targets.Select(async target =>
        {
            try
            {
                await DeliverAsync(target.Value.Observer, target.Value.Silo, sessionId, message);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogNodeUnreachable(exception, sessionId, message.Kind.ToString());
                lock (failed)
                {
                    failed.Add(target.Key);
                }
            }
        }));
        foreach (var id in failed)
        {
            _participants.Remove(id);
        }

        if (message.Kind == SessionMessageKind.SessionEnded)
        {
            _participants.Clear();
            await ForgetHolderAsync();
            DeactivateOnIdle();
        }

        return targets.Count == 0 ? SessionDelivery.NoHolder : SessionDelivery.Delivered;
    }

    /// <summary>
    /// One delivery to a node, bounded by <see cref="DeliveryTimeout"/>. A node that just joined the cluster may not be
    /// routable yet from this silo (its client route has not reached this silo's view): that is retried within the
    /// bound (as is a rejected message: a connection to a node not declared dead may come back), so a holder registered a
    /// moment ago is not taken for gone.
    /// </summary>
    private async Task<bool> DeliverAsync(ISessionObserver observer, SiloAddress silo, string sessionId, SessionMessage message)
    {
        var deadline = time.GetUtcNow() + DeliveryTimeout;
        while (true)
        {
            try
            {
                return await observer.DeliverAsync(sessionId, message).WaitAsync(deadline - time.GetUtcNow(), time);
            }
            catch (Exception exception) when (exception is ClientNotAvailableException or OrleansMessageRejectionException && !IsDead(silo) && time.GetUtcNow() + RoutePause < deadline)
            {
                LogNotRoutableYet(sessionId);
                await Task.Delay(RoutePause, time);
            }
        }
    }

    private bool IsDead(SiloAddress silo) => membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Dead;

    private async Task ForgetHolderAsync()
    {
        _holder = null;
        _holderSilo = null;
        if (holder.RecordExists)
        {
            await holder.ClearStateAsync();
        }

        holder.State = new SessionHolderState();
    }

    /// <summary>The current time, for the record's part of the grain.</summary>
    private DateTimeOffset Now => time.GetUtcNow();

    private sealed record Participant(ISessionObserver Observer, SiloAddress Silo, DateTimeOffset Until);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Session {SessionId}: its stream's node {NodeId} was declared dead; the stream is lost")]
    private partial void LogHolderDead(string sessionId, string nodeId);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Session {SessionId}: the node {NodeId} holding its stream did not take a message; the stream counts as lost")]
    private partial void LogHolderUnreachable(Exception exception, string sessionId, string nodeId);

    [LoggerMessage(EventId = 8300, Level = LogLevel.Debug, Message = "Session {SessionId}: a node holding or serving it is not routable from this silo yet; delivering again")]
    private partial void LogNotRoutableYet(string sessionId);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "Session {SessionId}: a node serving it did not take a {Kind} message")]
    private partial void LogNodeUnreachable(Exception exception, string sessionId, string kind);
}
