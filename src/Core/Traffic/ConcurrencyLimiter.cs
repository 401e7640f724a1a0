namespace McpGateway.Core.Traffic;

/// <summary>
/// Counts calls in flight against a capacity, with a FIFO queue bounded in length and in waiting time (timers from the
/// <see cref="TimeProvider"/>). The capacity can change while running (a cluster engine sets it to the slots it holds):
/// a lower one admits nobody new until enough calls have ended, a higher one admits waiting calls at once.
/// </summary>
public sealed class ConcurrencyLimiter : ISlotPool
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeProvider _time;
    private int _capacity;
    private int _inFlight;

    public ConcurrencyLimiter(ConcurrencySettings settings, TimeProvider time, int? initialCapacity = null)
    {
        Settings = settings;
        _time = time;
        _capacity = initialCapacity ?? settings.MaxConcurrency;
    }

    public ConcurrencySettings Settings { get; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The slots this limiter may fill now (the cap, or the share of it this node holds).</summary>
    public int Capacity
    {
        get => Volatile.Read(ref _capacity);
        set
        {
            lock (_lock)
            {
                _capacity = Math.Max(0, value);
                Drain();
            }
        }
    }

    public ValueTask<SlotDecision> AcquireAsync(CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_inFlight < _capacity && _queue.Count == 0)
            {
                _inFlight++;
                return ValueTask.FromResult(SlotDecision.Acquired);
            }

            if (_queue.Count >= Settings.QueueLength)
            {
                return ValueTask.FromResult(SlotDecision.QueueFull);
            }

            waiter = new Waiter(this);
            waiter.Node = _queue.AddLast(waiter);
        }

        waiter.Start(_time, Settings.QueueTimeout, cancellationToken);
        return new ValueTask<SlotDecision>(waiter.Task);
    }

    public void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            Drain();
        }
    }

    /// <summary>Hands free slots to the oldest waiters. Called under the lock.</summary>
    private void Drain()
    {
        while (_inFlight < _capacity && _queue.First is { } first)
        {
            _queue.RemoveFirst();
            first.Value.Node = null;
            _inFlight++;
            first.Value.Complete(SlotDecision.Acquired);
        }
    }

    private void Abandon(Waiter waiter, SlotDecision outcome)
    {
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return; // already admitted
            }

            _queue.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Complete(outcome);
    }

    private sealed class Waiter(ConcurrencyLimiter owner)
    {
        private readonly TaskCompletionSource<SlotDecision> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ITimer? _timer;
        private CancellationTokenRegistration _cancellation;

        public LinkedListNode<Waiter>? Node { get; set; }

        public Task<SlotDecision> Task => _completion.Task;

        public void Start(TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
        {
            _timer = time.CreateTimer(static state => ((Waiter)state!).TimedOut(), this, timeout, Timeout.InfiniteTimeSpan);
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.Register(static state => ((Waiter)state!).Cancelled(), this);
            }

            if (_completion.Task.IsCompleted)
            {
                // Admitted before the timer existed.
                _timer.Dispose();
                _cancellation.Dispose();
            }
        }

        public void Complete(SlotDecision outcome)
        {
            if (_completion.TrySetResult(outcome))
            {
                _timer?.Dispose();
                _cancellation.Dispose();
            }
        }

        private void TimedOut() => owner.Abandon(this, SlotDecision.QueueTimeout);

        private void Cancelled() => owner.Abandon(this, SlotDecision.Cancelled);
    }
}
