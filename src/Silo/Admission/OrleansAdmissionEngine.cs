using System.Collections.Concurrent;
using McpGateway.Core.Traffic;
using McpGateway.Grains.Traffic;
using Microsoft.Extensions.Logging;

namespace McpGateway.Silo.Admission;

/// <summary>
/// The node-local admission cache over the traffic grains (<see cref="IUserQuotaGrain"/>, <see cref="IToolGuardGrain"/>):
/// calls spend leased tokens and slots locally, so the hot path makes no grain call in steady state; a background loop
/// tops the leases up and renews them ahead of need, and keeps this node subscribed to the breakers it uses. Disposing
/// gives the leases back; a node that dies without doing so loses its share when its leases expire. The same engine
/// serves the embedded default (one silo) and a cluster. See docs/traffic-control.md.
/// </summary>
public sealed partial class OrleansAdmissionEngine : IAdmissionEngine, IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly OrleansAdmissionOptions _options;
    private readonly ILogger _logger;
    private readonly GrainCalls _calls;
    private readonly ConcurrentDictionary<string, LeasedTokens> _budgets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LeasedSlots> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GrainBreakerCoordinator> _coordinators = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<object, Task> _maintaining = new(ReferenceEqualityComparer.Instance);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _observerLock = new();
    private readonly BreakerListener _listener;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IBreakerObserver? _observer;
    private DateTimeOffset _subscribed;
    private Task _maintenance = Task.CompletedTask;
    private int _started;
    private long _ticks;

    public OrleansAdmissionEngine(IGrainFactory grains, TimeProvider time, OrleansAdmissionOptions options, ILogger logger, string? holder = null)
    {
        _grains = grains;
        _time = time;
        _options = options;
        _logger = logger;
        _listener = new BreakerListener(_coordinators);
        _calls = new GrainCalls(time, options.CallTimeout);
        Holder = holder ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    public string Name => "orleans";

    /// <summary>This node's name in the leases it holds.</summary>
    public string Holder { get; }

    /// <summary>Grain calls made for traffic control so far (leases, renewals, breaker transitions and subscriptions).</summary>
    public long AuthorityCalls => _calls.Count;

    public IRateBudget Budget(string key, RateLimit limit)
    {
        Start();
        return AdmissionEntities.Get(_budgets, key, limit, static budget => budget.Limit,
            static (k, state) => new LeasedTokens(k, state.Settings, state.State.Authority(k), state.State.Holder, state.State._calls, state.State._time, state.State._options), this);
    }

    public ISlotPool Slots(string key, ConcurrencySettings settings)
    {
        Start();
        return AdmissionEntities.Get(_slots, key, settings, static slots => slots.Settings,
            static (k, state) => new LeasedSlots(
                state.Settings, state.State._grains.GetGrain<IToolGuardGrain>(k), state.State.Holder, state.State._calls, state.State._time, state.State._options, state.State.Wake), this);
    }

    /// <summary>A breaker's state is the guard grain's: one made (or made again for new settings) starts from it.</summary>
    public CircuitBreaker Breaker(string key, BreakerSettings settings)
    {
        Start();
        return AdmissionEntities.Get(_breakers, key, settings, static breaker => breaker.Settings, static (k, state) =>
        {
            var engine = state.State;
            var coordinator = new GrainBreakerCoordinator(k, engine._grains.GetGrain<IToolGuardGrain>(k), engine.Holder, engine._calls, engine._time, engine._logger);
            var breaker = new CircuitBreaker(state.Settings, engine._time, coordinator);
            coordinator.Breaker = breaker;
            engine._coordinators[k] = coordinator;
            _ = engine.SubscribeAsync(k, coordinator);
            return breaker;
        }, this);
    }

    /// <summary>Rounds of the background loop done so far (tests wait for one after moving a fake clock).</summary>
    internal long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Whether a lease is being looked after now (tests wait for a round's work to end after moving a fake clock).</summary>
    internal bool Maintaining => _maintaining.Values.Any(t => !t.IsCompleted);

    /// <summary>Whether the background loop runs.</summary>
    internal bool Running => _started == 1 && !_maintenance.IsCompleted;

    /// <summary>Ends the background loop without giving anything back (what a crash does; for tests of lease expiry).</summary>
    internal async Task AbandonAsync()
    {
        await _stopping.CancelAsync();
        await _maintenance;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _maintenance;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            var releases = _budgets.Values.Select(b => ((ITokenAuthority)b.Authority, b.Unspent))
                .Concat(_slots.Values.Select(s => ((ITokenAuthority)s.Authority, 0)))
                .GroupBy(r => r.Item1.GetPrimaryKeyString(), StringComparer.Ordinal)
                .Select(g => _calls.Call(() => g.First().Item1.Release(new LeaseRelease(Holder, g.Sum(r => r.Item2)))));
            var unsubscribes = _observer is { } observer
                ? _coordinators.Keys.Select(k => _calls.Call(() => _grains.GetGrain<IToolGuardGrain>(k).Unsubscribe(observer)))
                : [];
            await Task.WhenAll(releases.Concat(unsubscribes)).WaitAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            LogReleaseFailed(exception);
        }

        if (_observer is { } reference)
        {
            _grains.DeleteObjectReference<IBreakerObserver>(reference);
        }

        _stopping.Dispose();
    }

    private ITokenAuthority Authority(string key) =>
        key.StartsWith("tool:", StringComparison.Ordinal) ? _grains.GetGrain<IToolGuardGrain>(key) : _grains.GetGrain<IUserQuotaGrain>(key);

    private void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _maintenance = Task.Run(MaintainLoopAsync);
        }
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private async Task MaintainLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var wake = Volatile.Read(ref _wake);
                using (var tick = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    var delay = Task.Delay(_options.Tick, _time, tick.Token);
                    await Task.WhenAny(delay, wake.Task);
                    await tick.CancelAsync();
                }

                token.ThrowIfCancellationRequested();
                if (wake.Task.IsCompleted)
                {
                    Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
                }

                foreach (var slots in _slots.Values)
                {
                    Maintain(slots, slots.MaintainAsync, token);
                }

                foreach (var budget in _budgets.Values)
                {
                    Maintain(budget, budget.MaintainAsync, token);
                }

                if (!_coordinators.IsEmpty && _time.GetUtcNow() - _subscribed >= _options.ObserverRefresh)
                {
                    _subscribed = _time.GetUtcNow();
                    foreach (var (key, coordinator) in _coordinators)
                    {
                        Maintain(coordinator, _ => SubscribeAsync(key, coordinator), token);
                    }
                }

                // Only what still runs is kept: an entity replaced by a reload (new limits) leaves no entry behind.
                foreach (var entry in _maintaining)
                {
                    if (entry.Value.IsCompleted)
                    {
                        _maintaining.TryRemove(entry);
                    }
                }

                Interlocked.Increment(ref _ticks);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogLeaseFailed(exception);
                Interlocked.Increment(ref _ticks);
                try
                {
                    await Task.Delay(_options.Tick, _time, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="maintain"/> for <paramref name="entity"/> unless its last round is still running. Each
    /// lease is looked after on its own: a grain that cannot be reached (its silo died and is not yet declared dead; a
    /// call waits up to three call timeouts) holds up its own lease only, not every other one behind it in the loop.
    /// </summary>
    private void Maintain(object entity, Func<CancellationToken, Task> maintain, CancellationToken token)
    {
        if (_maintaining.TryGetValue(entity, out var running) && !running.IsCompleted)
        {
            return;
        }

        _maintaining[entity] = MaintainOneAsync(maintain, token);
    }

    private async Task MaintainOneAsync(Func<CancellationToken, Task> maintain, CancellationToken token)
    {
        try
        {
            await maintain(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogLeaseFailed(exception);
        }
    }

    /// <summary>Subscribes this node's observer to the breaker of <paramref name="key"/> and applies the state it answers.</summary>
    private async Task SubscribeAsync(string key, GrainBreakerCoordinator coordinator)
    {
        try
        {
            var snapshot = await _calls.Call(() => _grains.GetGrain<IToolGuardGrain>(key).Subscribe(Observer()));
            coordinator.Apply(snapshot);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSubscribeFailed(exception, key);
        }
    }

    private IBreakerObserver Observer()
    {
        lock (_observerLock)
        {
            return _observer ??= _grains.CreateObjectReference<IBreakerObserver>(_listener);
        }
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Could not renew admission leases; retrying")]
    private partial void LogLeaseFailed(Exception exception);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Could not subscribe to breaker {Key}; retrying")]
    private partial void LogSubscribeFailed(Exception exception, string key);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Could not give the admission leases back; they expire on their own")]
    private partial void LogReleaseFailed(Exception exception);
}
