using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Grains.Sessions;
using Orleans.Runtime;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// The <see cref="ISessionPort"/> over Orleans: every message goes to the session's <see cref="ISessionGrain"/>, which
/// passes it to this node's <see cref="NodeSessionObserver"/> on the node holding the stream (notifications, legacy
/// client messages) or on every node registered with the session (client answers, cancels, endings). This node
/// registers what it holds: a stream when it opens (<see cref="ISessionGrain.HoldAsync"/>), the cancellation scope of
/// every call it serves (<see cref="ISessionGrain.JoinAsync"/>, once per scope while calls run, not on every call); both
/// are renewed by <see cref="SessionKeepAlive"/>. On the embedded engine nothing leaves the node.
/// </summary>
internal sealed partial class OrleansSessionPort(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    LocalNode node,
    NodeSessionObserver observer,
    Hosting.GatewayOptions options,
    ILogger<OrleansSessionPort> logger) : ISessionPort
{
    private readonly ConcurrentDictionary<string, byte> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Calls> _serving = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ISessionObserver? _reference;

    public bool ReachesOtherNodes => options.Database is not null;

    /// <summary>The streams this node holds (for the keep-alive and tests).</summary>
    public int HeldStreams => _streams.Count;

    /// <summary>This node's observer as grains call it (created once; the node keeps the object alive).</summary>
    internal ISessionObserver Observer => Reference;

    private ISessionObserver Reference
    {
        get
        {
            lock (_gate)
            {
                return _reference ??= grains.CreateObjectReference<ISessionObserver>(observer);
            }
        }
    }

    public async Task HoldStreamAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!ReachesOtherNodes)
        {
            return;
        }

        _streams[sessionId] = 0;
        await grains.GetGrain<ISessionGrain>(sessionId).HoldAsync(Reference, node.Id, silo.SiloAddress).WaitAsync(cancellationToken);
    }

    public async Task ReleaseStreamAsync(string sessionId)
    {
        if (!ReachesOtherNodes || !_streams.TryRemove(sessionId, out _))
        {
            return;
        }

        try
        {
            await grains.GetGrain<ISessionGrain>(sessionId).ReleaseAsync(Reference);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogFailed(exception, "release");
        }
    }

    public IDisposable Serving(string scope)
    {
        if (!ReachesOtherNodes)
        {
            return NoRegistration.Instance;
        }

        var serving = _serving.AddOrUpdate(scope, _ => new Calls(1), (_, existing) => existing with { Count = existing.Count + 1 });
        if (serving.Count == 1)
        {
            _ = JoinAsync(scope);
        }

        return new Registration(this, scope);
    }

    public Task NotifyStreamAsync(string sessionId, string method, JsonObject parameters) =>
        SendQuietlyAsync(sessionId, new SessionMessage
        {
            Kind = SessionMessageKind.StreamNotification,
            Body = new JsonObject { ["method"] = method, ["params"] = parameters.DeepClone() }.ToJsonString(),
        });

    public async Task<ForwardOutcome> ForwardClientMessageAsync(string sessionId, RemoteClientMessage message)
    {
        if (!ReachesOtherNodes)
        {
            return ForwardOutcome.Gone;
        }

        try
        {
            var delivery = await grains.GetGrain<ISessionGrain>(sessionId).SendAsync(new SessionMessage
            {
                Kind = SessionMessageKind.ClientMessage,
                Body = message.ToJson().ToJsonString(),
            });
            return delivery == SessionDelivery.Delivered ? ForwardOutcome.Delivered : ForwardOutcome.Gone;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogFailed(exception, "forward a client message");
            return ForwardOutcome.Unavailable;
        }
    }

    public Task ForwardClientAnswerAsync(string sessionId, JsonObject response) =>
        SendQuietlyAsync(sessionId, new SessionMessage { Kind = SessionMessageKind.ClientAnswer, Body = response.ToJsonString() });

    public Task CancelAsync(string scope, string key) => SendQuietlyAsync(scope, new SessionMessage { Kind = SessionMessageKind.Cancel, Key = key });

    public Task SessionEndedAsync(string sessionId) => SendQuietlyAsync(sessionId, new SessionMessage { Kind = SessionMessageKind.SessionEnded });

    /// <summary>Registers again what this node holds and serves (the grains forget participants that do not renew).</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        foreach (var sessionId in _streams.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await grains.GetGrain<ISessionGrain>(sessionId).HoldAsync(Reference, node.Id, silo.SiloAddress);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException and not OperationCanceledException)
            {
                LogFailed(exception, "hold");
            }
        }

        foreach (var scope in _serving.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await JoinAsync(scope);
        }
    }

    private async Task JoinAsync(string scope)
    {
        try
        {
            await grains.GetGrain<ISessionGrain>(scope).JoinAsync(Reference, silo.SiloAddress);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogFailed(exception, "join");
        }
    }

    private void Leave(string scope)
    {
        while (_serving.TryGetValue(scope, out var serving))
        {
            if (serving.Count <= 1
                ? _serving.TryRemove(new KeyValuePair<string, Calls>(scope, serving))
                : _serving.TryUpdate(scope, serving with { Count = serving.Count - 1 }, serving))
            {
                return;
            }
        }
    }

    private async Task SendQuietlyAsync(string target, SessionMessage message)
    {
        if (!ReachesOtherNodes)
        {
            return;
        }

        try
        {
            await grains.GetGrain<ISessionGrain>(target).SendAsync(message);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogFailed(exception, message.Kind.ToString());
        }
    }

    /// <summary>The calls this node serves in one cancellation scope (a record: replaced, never mutated, in the dictionary).</summary>
    private sealed record Calls(int Count);

    private sealed class Registration(OrleansSessionPort owner, string scope) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(scope);
            }
        }
    }

    private sealed class NoRegistration : IDisposable
    {
        public static readonly NoRegistration Instance = new();

        public void Dispose()
        {
        }
    }

    [LoggerMessage(EventId = 8111, Level = LogLevel.Warning, Message = "Session grain: could not {Action} (the message is dropped; other nodes may miss it)")]
    private partial void LogFailed(Exception exception, string action);
}
