using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace McpGateway.Core.Audit;

/// <summary>
/// The durable audit sink. Calls hand their record over and wait until it is committed; one writer loop takes every
/// record waiting and commits them in one transaction (group commit), so concurrent calls share one fsync. When the
/// store fails, the batch goes to the local <see cref="IAuditSpool"/> (fsync'd) instead, and a drainer moves spooled
/// batches into the store once it answers again; event ids make a re-sent batch harmless. While the spool holds
/// anything, new batches go behind it. If neither takes a batch, its calls get <see cref="AuditUnavailableException"/>
/// and <see cref="IsAvailable"/> turns false until a write succeeds again.
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
    private readonly SemaphoreSlim _drainSignal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private Task _writing = Task.CompletedTask;
    private Task _draining = Task.CompletedTask;
    private int _depth;
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

    public bool IsAvailable => !_unavailable;

    public IAuditSpool Spool => _spool;

    /// <summary>Raised by the drainer each time it has emptied the spool into the store.</summary>
    public event Action? SpoolDrained;

    public void Start()
    {
        _writing = Task.Run(WriteLoopAsync);
        _draining = Task.Run(DrainLoopAsync);
        _drainSignal.Release();
    }

    public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record.Normalized(), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref _depth);
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
        await _stopping.CancelAsync();
        await _draining;
        _stopping.Dispose();
        _drainSignal.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteBatchAsync(batch);
            Interlocked.Add(ref _depth, -batch.Count);
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        var records = batch.ConvertAll(p => p.Record);
        if (_spool.IsEmpty)
        {
            try
            {
                await _store.AppendAsync(_options.Chain, records, _hasher, CancellationToken.None);
                Interlocked.Add(ref _written, records.Count);
                _unavailable = false;
                Complete(batch, null);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogStoreFailed(exception, records.Count);
            }
        }

        try
        {
            await _spool.AppendAsync(records, CancellationToken.None);
            Interlocked.Add(ref _spooled, records.Count);
            _unavailable = false;
            Complete(batch, null);
            _drainSignal.Release();
        }
        catch (Exception exception)
        {
            _unavailable = true;
            LogSpoolFailed(exception, records.Count);
            Complete(batch, new AuditUnavailableException("The audit log cannot be written: the store and the spool both failed.", exception));
        }
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

    /// <summary>Moves spooled batches into the store, oldest first; after a failure it waits and tries again.</summary>
    private async Task DrainLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await _drainSignal.WaitAsync(token);
                while (await _spool.PeekAsync(token) is { } batch)
                {
                    try
                    {
                        var appended = await _store.AppendAsync(_options.Chain, batch.Records, _hasher, token);
                        Interlocked.Add(ref _written, appended);
                        await _spool.RemoveAsync(batch, token);
                        LogDrained(batch.Records.Count, appended);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        LogDrainFailed(exception, _spool.Records);
                        await Task.Delay(_options.DrainRetryDelay, _time, token);
                    }
                }

                SpoolDrained?.Invoke();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private readonly record struct Pending(AuditRecord Record, TaskCompletionSource Done);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "The audit store refused a batch of {Count} records; spooling them locally")]
    private partial void LogStoreFailed(Exception exception, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Critical, Message = "A batch of {Count} audit records could be written neither to the store nor to the spool; their calls are refused")]
    private partial void LogSpoolFailed(Exception exception, int count);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Drained a spooled batch of {Count} audit records into the store ({Appended} new)")]
    private partial void LogDrained(int count, int appended);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "The audit store is still unavailable; {Records} records wait in the spool")]
    private partial void LogDrainFailed(Exception exception, long records);
}
