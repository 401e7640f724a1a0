namespace McpGateway.Core.Traffic;

/// <summary>
/// A circuit breaker on a <see cref="TimeProvider"/>. Closed, it counts outcomes and opens after too many failures
/// (<see cref="BreakerSettings"/>). Open, it refuses every call until the break is over; then exactly one call passes as
/// the probe (cluster-wide when an <see cref="IBreakerCoordinator"/> is given): its success closes the breaker, its
/// failure opens it again, and a probe that never reached the backend lets the next call probe instead.
/// </summary>
public sealed class CircuitBreaker
{
    private static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly IBreakerCoordinator? _coordinator;
    private readonly FailureWindow _window;
    private BreakerState _state = BreakerState.Closed;
    private DateTimeOffset _openUntil;
    private bool _probeInFlight;
    private DateTimeOffset _nextClaim;
    private int _consecutiveFailures;

    public CircuitBreaker(BreakerSettings settings, TimeProvider time, IBreakerCoordinator? coordinator = null)
    {
        Settings = settings;
        _time = time;
        _coordinator = coordinator;
        _window = new FailureWindow(settings.Window);
    }

    public BreakerSettings Settings { get; }

    public BreakerState State
    {
        get
        {
            lock (_lock)
            {
                return _state == BreakerState.Open && _time.GetUtcNow() >= _openUntil ? BreakerState.HalfOpen : _state;
            }
        }
    }

    /// <summary>When the current (or last) break ends.</summary>
    public DateTimeOffset OpenUntil
    {
        get
        {
            lock (_lock)
            {
                return _openUntil;
            }
        }
    }

    public int ConsecutiveFailures
    {
        get
        {
            lock (_lock)
            {
                return _consecutiveFailures;
            }
        }
    }

    public async ValueTask<BreakerDecision> TryPassAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            switch (_state)
            {
                case BreakerState.Closed:
                    return BreakerDecision.Pass;
                case BreakerState.Open when now < _openUntil:
                    return Refuse(_openUntil);
                case BreakerState.HalfOpen when _probeInFlight || now < _nextClaim:
                    return Refuse(Max(_nextClaim, now + ProbeWait));
                default:
                    _state = BreakerState.HalfOpen;
                    _probeInFlight = true;
                    break;
            }
        }

        if (_coordinator is null || await ClaimAsync(cancellationToken))
        {
            return new BreakerDecision(true, true, default);
        }

        lock (_lock)
        {
            // Another node probes; ask again a little later unless its verdict arrives first.
            _probeInFlight = false;
            _nextClaim = _time.GetUtcNow() + ProbeWait;
            return Refuse(_nextClaim);
        }
    }

    /// <summary>Reports how an admitted call ended.</summary>
    public void Report(BreakerVerdict verdict, bool probe)
    {
        var now = _time.GetUtcNow();
        BreakerState? publish = null;
        DateTimeOffset until;
        lock (_lock)
        {
            if (probe)
            {
                _probeInFlight = false;
                switch (verdict)
                {
                    case BreakerVerdict.Success:
                        Close();
                        publish = BreakerState.Closed;
                        break;
                    case BreakerVerdict.Failure:
                        Open(now);
                        publish = BreakerState.Open;
                        break;
                }
            }
            else if (_state == BreakerState.Closed && verdict != BreakerVerdict.Neutral)
            {
                var failed = verdict == BreakerVerdict.Failure;
                _consecutiveFailures = failed ? _consecutiveFailures + 1 : 0;
                var (calls, failures) = _window.Add(now, failed);
                if (failed && (_consecutiveFailures >= Settings.ConsecutiveFailures
                    || (calls >= Settings.MinimumCalls && failures >= Settings.FailureRatio * calls)))
                {
                    Open(now);
                    publish = BreakerState.Open;
                }
            }

            until = _openUntil;
        }

        if (publish is { } state)
        {
            _coordinator?.Publish(state, until);
        }
    }

    /// <summary>Applies a transition made by another node.</summary>
    public void Apply(BreakerState state, DateTimeOffset openUntil)
    {
        lock (_lock)
        {
            if (state == BreakerState.Open)
            {
                _state = BreakerState.Open;
                _openUntil = openUntil;
                _probeInFlight = false;
                _nextClaim = default;
            }
            else if (state == BreakerState.Closed && _state != BreakerState.Closed && !_probeInFlight)
            {
                Close();
            }
        }
    }

    private async ValueTask<bool> ClaimAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _coordinator!.ClaimProbeAsync(cancellationToken);
        }
        catch
        {
            // No verdict from the cluster: do not probe (the break goes on a little longer rather than probing twice).
            return false;
        }
    }

    private void Open(DateTimeOffset now)
    {
        _state = BreakerState.Open;
        _openUntil = now + Settings.BreakDuration;
        _consecutiveFailures = 0;
        _window.Clear();
    }

    private void Close()
    {
        _state = BreakerState.Closed;
        _consecutiveFailures = 0;
        _nextClaim = default;
        _window.Clear();
    }

    private static BreakerDecision Refuse(DateTimeOffset retryAt) => new(false, false, retryAt);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
