using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace McpGateway.Core.Audit;

/// <summary>
/// The durable audit sink. Calls hand their record over and wait until it is committed. A call that finds the writer
/// idle commits its record itself, on its own thread (no hand-over to another thread and back: the common case at low
/// concurrency); the others queue, and one writer loop takes every record waiting and commits them in one transaction
/// (group commit), so concurrent calls share one commit. One batch is written at a time. With
/// <see cref="AuditOptions.JournalFirst"/> every batch goes to the spool (the embedded engine's journal, one write)
/// and the drainer moves it into the store, off the calls' path. Otherwise, when the store fails, the batch goes to the local <see cref="IAuditSpool"/> (fsync'd) instead, and a drainer moves spooled
/// batches into the store once it answers again; event ids make a re-sent batch harmless. While the spool holds
/// anything, new batches go behind it. A store that does not commit within <see cref="AuditOptions.StoreTimeout"/> counts
/// as failed for that batch. If neither takes a batch, its calls get <see cref="AuditUnavailableException"/>,
/// <see cref="IsAvailable"/> turns false (new calls are refused before they run) and the records stay in memory
/// (<see cref="Unwritten"/>), written ahead of the next batch or retried every <see cref="AuditOptions.DrainRetryDelay"/>,
/// until a write succeeds again.
/// </summary>
public sealed partial class AuditWriter : IAuditSink, IAsyncDisposable
{
    private readonly IAuditStore _store;
    private readonly IAuditSpool _spool;
    private readonly AuditOptions _options;
    private readonly AuditHasher _hasher;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditWriter> _logger;
    private readonly Channel<Pending> _queue;
    // A binary signal: the drainer empties the spool each time it wakes, so appends made meanwhile need one more wake,
    // not one each (a count per append kept it waking every JournalDrainDelay long after the calls stopped).
    private readonly SemaphoreSlim _drainSignal = new(0, 1);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _writing = Task.CompletedTask;
    private Task _draining = Task.CompletedTask;
    private readonly List<AuditRecord> _unwritten = [];
    private int _depth;
    private int _unwrittenCount;
    private long _dropped;
    private int _disposed;
    private volatile bool _unavailable;
    private long _written;
    private long _spooled;

    public AuditWriter(IAuditStore store, IAuditSpool spool, AuditOptions options, TimeProvider time, ILogger<AuditWriter> logger)
    {
        _store = store;
        _spool = spool;
        _options = options;
        _hasher = new AuditHasher(options.HmacKey);
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Records handed over and not yet committed (or spooled).</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>Records committed to the store by this writer (directly or from the spool).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records this writer had to spool.</summary>
    public long Spooled => Interlocked.Read(ref _spooled);

    /// <summary>
    /// Records that neither the store nor the spool took (their calls were answered with an error, not their results);
    /// held in memory and written ahead of the next batch, at the latest <see cref="AuditOptions.DrainRetryDelay"/> later.
    /// </summary>
    public int Unwritten => Volatile.Read(ref _unwrittenCount);

    /// <summary>Records given up because more than <see cref="AuditOptions.QueueCapacity"/> were unwritten.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool IsAvailable => !_unavailable;

    public IAuditSpool Spool => _spool;

    /// <summary>Raised by the drainer each time it has emptied the spool into the store.</summary>
    public event Action? SpoolDrained;

    public void Start()
    {
        _writing = Task.Run(WriteLoopAsync);
        _draining = Task.Run(DrainLoopAsync);
        SignalDrain();
    }

    public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record.Normalized(), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref _depth);
        if (await TryWriteAloneAsync(pending))
        {
            await pending.Done.Task;
            return;
        }

        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            Interlocked.Decrement(ref _depth);
            throw new AuditUnavailableException("The audit log is closed (the node is stopping).", exception);
        }

        await pending.Done.Task;
    }

    /// <summary>Writes everything queued, then stops. The spool keeps what the store did not take.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writing;

        // A call that was committing its record by itself finishes first.
        await _writeLock.WaitAsync();
        await _stopping.CancelAsync();
        await _draining;
        if (_options.JournalFirst)
        {
            await DrainJournalAsync();
        }

        _stopping.Dispose();
        _drainSignal.Dispose();
    }

    /// <summary>
    /// Commits <paramref name="pending"/> on the caller's thread when nothing else is to be written: the writer is idle,
    /// nothing queued, nothing held from a failure. False when the record must be queued for the writer loop instead.
    /// </summary>
    private async ValueTask<bool> TryWriteAloneAsync(Pending pending)
    {
        if (_queue.Reader.Count > 0 || Volatile.Read(ref _unwrittenCount) > 0 || !_writeLock.Wait(0))
        {
            return false;
        }

        try
        {
            if (Volatile.Read(ref _disposed) == 1 || _queue.Reader.Count > 0 || _unwritten.Count > 0)
            {
                return false;
            }

            await WriteBatchAsync([pending]);
            Interlocked.Decrement(ref _depth);
        }
        finally
        {
            _writeLock.Release();
        }

        if (Volatile.Read(ref _unwrittenCount) > 0)
        {
            // The record is held after a failure: the writer loop retries it on its timer.
            _queue.Writer.TryWrite(default);
        }

        return true;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.MaxBatch);
        while (await WaitForWorkAsync(reader))
        {
            // The lock first: what arrives while another batch commits shares the next transaction.
            await _writeLock.WaitAsync();
            try
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatch && reader.TryRead(out var pending))
                {
                    if (pending.Done is not null)
                    {
                        batch.Add(pending);
                    }
                }

                await WriteBatchAsync(batch);
            }
            finally
            {
                _writeLock.Release();
            }

            Interlocked.Add(ref _depth, -batch.Count);
        }

        if (_unwritten.Count > 0)
        {
            // Stopping: one last attempt for the records nothing took yet.
            await WriteBatchAsync([]);
            if (_unwritten.Count > 0)
            {
                LogUnwrittenLost(_unwritten.Count);
            }
        }
    }

    /// <summary>Whether there is work: records queued, or (while unwritten records are held) the retry time has come.</summary>
    private async ValueTask<bool> WaitForWorkAsync(ChannelReader<Pending> reader)
    {
        if (Volatile.Read(ref _unwrittenCount) == 0)
        {
            return await reader.WaitToReadAsync();
        }

        using var retry = new CancellationTokenSource(_options.DrainRetryDelay, _time);
        try
        {
            return await reader.WaitToReadAsync(retry.Token);
        }
        catch (OperationCanceledException) when (retry.IsCancellationRequested)
        {
            return true;
        }
    }

    /// <summary>
    /// Writes the held unwritten records and <paramref name="batch"/> as one batch: to the store while the spool is
    /// empty, else (or when the store fails) to the spool, else to the store after all. If nothing takes it, the
    /// batch's calls fail and every record is held for the next attempt.
    /// </summary>
    private async Task WriteBatchAsync(List<Pending> batch)
    {
        List<AuditRecord> records = [.. _unwritten, .. batch.Select(p => p.Record)];
        if (records.Count == 0)
        {
            return;
        }

        var storeTried = !_options.JournalFirst && _spool.IsEmpty;
        Exception? spoolFailure = null;
        if ((storeTried && await TryStoreAsync(records)) || (spoolFailure = await TrySpoolAsync(records)) is null || (!storeTried && await TryStoreAsync(records)))
        {
            _unwritten.Clear();
            Volatile.Write(ref _unwrittenCount, 0);
            _unavailable = false;
            Complete(batch, null);
            return;
        }

        _unavailable = true;
        LogSpoolFailed(spoolFailure, records.Count);
        Hold(records);
        Complete(batch, new AuditUnavailableException("The audit log cannot be written: the store and the spool both failed."));
    }

    private async Task<bool> TryStoreAsync(List<AuditRecord> records)
    {
        try
        {
            // A store that hangs (unreachable host, a lock never granted) holds the calls no longer than this.
            using var timeout = new CancellationTokenSource(_options.StoreTimeout, _time);
            await _store.AppendAsync(_options.Chain, records, _hasher, timeout.Token);
            Interlocked.Add(ref _written, records.Count);
            return true;
        }
        catch (Exception exception)
        {
            LogStoreFailed(exception, records.Count);
            return false;
        }
    }

    /// <summary>Null once the spool holds the records, else why it does not.</summary>
    private async Task<Exception?> TrySpoolAsync(List<AuditRecord> records)
    {
        try
        {
            await _spool.AppendAsync(records, CancellationToken.None);
            if (!_options.JournalFirst)
            {
                Interlocked.Add(ref _spooled, records.Count);
            }

            SignalDrain();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>
    /// Keeps the records no one took for the next attempt, at most <see cref="AuditOptions.QueueCapacity"/>: beyond it,
    /// records of calls refused because of this very failure (they never ran) go first, then the oldest.
    /// </summary>
    private void Hold(List<AuditRecord> records)
    {
        var excess = records.Count - _options.QueueCapacity;
        _unwritten.Clear();
        foreach (var record in records)
        {
            if (excess > 0 && record.ErrorKind == RefusedKind)
            {
                excess--;
                continue;
            }

            _unwritten.Add(record);
        }

        if (excess > 0)
        {
            _unwritten.RemoveRange(0, excess);
        }

        var dropped = records.Count - _unwritten.Count;
        if (dropped > 0)
        {
            Interlocked.Add(ref _dropped, dropped);
            LogDropped(dropped);
        }

        Volatile.Write(ref _unwrittenCount, _unwritten.Count);
    }

    private static void Complete(List<Pending> batch, Exception? failure)
    {
        foreach (var pending in batch)
        {
            if (failure is null)
            {
                pending.Done.TrySetResult();
            }
            else
            {
                pending.Done.TrySetException(failure);
            }
        }
    }

    /// <summary>Wakes the drainer, unless a wake is already pending.</summary>
    private void SignalDrain()
    {
        if (_drainSignal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _drainSignal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another append signalled in between: one wake is pending, which is all the drainer needs.
        }
    }

    /// <summary>Moves spooled batches into the store, oldest first; after a failure it waits and tries again.</summary>
    private async Task DrainLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await _drainSignal.WaitAsync(token);
                if (_options.JournalFirst)
                {
                    // Off the calls' path: what is journaled meanwhile goes into the store in the same transaction.
                    await Task.Delay(_options.JournalDrainDelay, _time, token);
                }

                while (await DrainOneAsync(token))
                {
                }

                SpoolDrained?.Invoke();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    /// <summary>Moves the oldest spooled batch into the store; false once the spool is empty.</summary>
    private async Task<bool> DrainOneAsync(CancellationToken token)
    {
        try
        {
            return await MoveOldestAsync(token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // The store (or the spool's folder) failed: the batch stays, and is tried again after a pause (or not at
            // all when the node is stopping: the delay ends the loop).
            LogDrainFailed(exception, _spool.Records);
            await Task.Delay(_options.DrainRetryDelay, _time, token);
            return true;
        }
    }

    /// <summary>Moves the oldest spooled batch into the store and then out of the spool; false when the spool is empty.</summary>
    private async Task<bool> MoveOldestAsync(CancellationToken token)
    {
        if (await _spool.PeekAsync(token) is not { } batch)
        {
            return false;
        }

        var appended = await _store.AppendAsync(_options.Chain, batch.Records, _hasher, token);
        Interlocked.Add(ref _written, appended);
        await _spool.RemoveAsync(batch, token);
        if (!_options.JournalFirst)
        {
            LogDrained(batch.Records.Count, appended);
        }

        return true;
    }

    /// <summary>
    /// With <see cref="AuditOptions.JournalFirst"/>: waits until the store holds every record journaled so far (or
    /// <paramref name="timeout"/> passed, e.g. while the store fails), so that a read of the store sees every call
    /// answered before it. Without: returns at once (an answered call's record is in the store or, while the store
    /// fails, in the spool).
    /// </summary>
    public async Task WaitUntilStoredAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_options.JournalFirst)
        {
            return;
        }

        var deadline = _time.GetUtcNow() + timeout;
        while (!_spool.IsEmpty && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), _time, cancellationToken);
        }
    }

    /// <summary>At stop, with the drainer gone: moves what the journal still holds into the store while the store takes it.</summary>
    private async Task DrainJournalAsync()
    {
        try
        {
            bool moved;
            do
            {
                using var timeout = new CancellationTokenSource(_options.StoreTimeout, _time);
                moved = await MoveOldestAsync(timeout.Token);
            }
            while (moved);
        }
        catch (Exception exception)
        {
            // The journal keeps the rest: drained at the next start.
            LogDrainFailed(exception, _spool.Records);
        }
    }

    private static readonly string RefusedKind = nameof(Protocol.GatewayErrorKind.AuditUnavailable);

    /// <summary>A record and its caller's wait; <c>default</c> only wakes the writer loop (to retry held records).</summary>
    private readonly record struct Pending(AuditRecord Record, TaskCompletionSource Done);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "The audit store did not take a batch of {Count} records; spooling them locally")]
    private partial void LogStoreFailed(Exception exception, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Critical, Message = "A batch of {Count} audit records could be written neither to the store nor to the spool; its calls get an error instead of their results, new calls are refused, and the records are tried again")]
    private partial void LogSpoolFailed(Exception? exception, int count);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Critical, Message = "{Count} unwritten audit records were given up: more than the queue's capacity could be held while the store and the spool failed")]
    private partial void LogDropped(int count);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Critical, Message = "The node stops with {Count} audit records that neither the store nor the spool took")]
    private partial void LogUnwrittenLost(int count);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Drained a spooled batch of {Count} audit records into the store ({Appended} new)")]
    private partial void LogDrained(int count, int appended);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "The audit store is still unavailable; {Records} records wait in the spool")]
    private partial void LogDrainFailed(Exception exception, long records);
}
