using McpGateway.Core.Traffic;
using McpGateway.Grains.Traffic;

namespace McpGateway.Silo.Admission;

/// <summary>
/// This node's share of a cluster-wide concurrency cap whose authority is the tool's guard grain: a local
/// <see cref="ConcurrencyLimiter"/> whose capacity is the number of slots this node leases. The engine's tick sets the
/// lease to the most this node needed since the last tick (calls in flight plus waiting), never below what is in
/// flight, renews it before it expires, and sets the capacity to zero if it could not (a node cut off from the
/// authority stops admitting before its lease runs out). A call that finds no free slot asks for one more at once.
/// </summary>
internal sealed class LeasedSlots : ISlotPool
{
    private readonly IToolGuardGrain _authority;
    private readonly string _holder;
    private readonly GrainCalls _calls;
    private readonly TimeProvider _time;
    private readonly OrleansAdmissionOptions _options;
    private readonly ConcurrencyLimiter _local;
    private readonly Action _wake;
    private readonly SemaphoreSlim _leasing = new(1, 1);
    private int _held;
    private int _peak;
    private DateTimeOffset _expires;

    public LeasedSlots(ConcurrencySettings settings, IToolGuardGrain authority, string holder, GrainCalls calls, TimeProvider time, OrleansAdmissionOptions options, Action wake)
    {
        _authority = authority;
        _holder = holder;
        _calls = calls;
        _time = time;
        _options = options;
        _wake = wake;
        _local = new ConcurrencyLimiter(settings, time, initialCapacity: 0);
    }

    public ConcurrencySettings Settings => _local.Settings;

    public IToolGuardGrain Authority => _authority;

    public int InFlight => _local.InFlight;

    public int Queued => _local.Queued;

    public int Capacity => _local.Capacity;

    public async ValueTask<SlotDecision> AcquireAsync(CancellationToken cancellationToken)
    {
        if (_local.InFlight + _local.Queued >= _local.Capacity && _local.Capacity < Settings.MaxConcurrency)
        {
            // No free slot here: ask for one more now (one grain call), unless another call is already asking.
            if (await _leasing.WaitAsync(0, cancellationToken))
            {
                try
                {
                    await LeaseAsync(Math.Min(Settings.MaxConcurrency, _local.InFlight + _local.Queued + 1));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The call waits in the queue; the tick asks again.
                }
                finally
                {
                    _leasing.Release();
                }
            }
            else
            {
                _wake();
            }
        }

        var decision = _local.AcquireAsync(cancellationToken);
        NotePeak();
        return await decision;
    }

    public void Release() => _local.Release();

    /// <summary>Called on the engine's tick.</summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        await _leasing.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var inFlight = _local.InFlight;
            var demand = inFlight + _local.Queued;
            var want = Math.Min(Settings.MaxConcurrency, Math.Max(Interlocked.Exchange(ref _peak, demand), demand));
            want = Math.Max(want, inFlight); // never give up a slot that is in use
            var expiring = _held > 0 && _expires - now < _options.LeaseTime / 2;
            if ((want == _held && !expiring) || (want == 0 && _held == 0))
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await LeaseAsync(want);
        }
        finally
        {
            _leasing.Release();
        }
    }

    /// <summary>Sets this node's share to <paramref name="want"/> slots (or what is left). Called under <see cref="_leasing"/>.</summary>
    private async Task LeaseAsync(int want)
    {
        var sentAt = _time.GetUtcNow();
        try
        {
            var lease = await _calls.Call(() =>
            {
                // The lease runs from the attempt that got it, not from the first of several (GrainCalls tries again).
                sentAt = _time.GetUtcNow();
                return _authority.LeaseSlots(new SlotLeaseRequest(_holder, Settings.MaxConcurrency, Math.Max(want, _local.InFlight), _options.LeaseTime));
            });
            _held = lease.Granted;
            _expires = sentAt + _options.LeaseTime;
            _local.Capacity = lease.Granted;
        }
        catch when (_time.GetUtcNow() >= _expires - _options.Tick)
        {
            // The lease may be gone: admit nobody new until a renewal succeeds.
            _local.Capacity = 0;
            _held = 0;
            throw;
        }
    }

    private void NotePeak()
    {
        var demand = _local.InFlight + _local.Queued;
        int seen;
        while ((seen = Volatile.Read(ref _peak)) < demand && Interlocked.CompareExchange(ref _peak, demand, seen) != seen)
        {
        }
    }
}
