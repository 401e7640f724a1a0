using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// One open Server-Sent Events response. Writes are serialized; a write to a gone client is dropped. What the client
/// has not taken yet is bounded (<see cref="ClientBounds.StreamMaxPendingMessages"/>, <see cref="ClientBounds.StreamMaxPendingBytes"/>,
/// answers reserved for posted requests counted too): a client that stops reading (its TCP window full, Kestrel's
/// writes waiting) is disconnected when one more message would pass a bound, and what was waiting is dropped.
/// </summary>
internal sealed class SseStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private readonly HttpResponse _response;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _pendingLock = new();
    private readonly int _maxPendingMessages;
    private readonly long _maxPendingBytes;
    private int _pendingMessages;
    private long _pendingBytes;
    private bool _overflowed;

    public SseStream(HttpResponse response)
    {
        _response = response;
        var bounds = response.HttpContext.RequestServices?.GetService<GatewayOptions>()?.Clients ?? new ClientBounds();
        _maxPendingMessages = bounds.StreamMaxPendingMessages;
        _maxPendingBytes = bounds.StreamMaxPendingBytes;
    }

    /// <summary>Whether the stream was closed because its client did not take what was sent.</summary>
    public bool Overflowed
    {
        get
        {
            lock (_pendingLock)
            {
                return _overflowed;
            }
        }
    }

    /// <summary>Messages sent or reserved that the client has not taken yet.</summary>
    public int PendingMessages
    {
        get
        {
            lock (_pendingLock)
            {
                return _pendingMessages;
            }
        }
    }

    /// <summary>Starts the event-stream response (status, headers) and sends them at once.</summary>
    public async Task StartAsync(string? sessionId, CancellationToken cancellationToken)
    {
        _response.StatusCode = StatusCodes.Status200OK;
        _response.ContentType = "text/event-stream";
        _response.Headers.CacheControl = "no-cache,no-store";
        _response.Headers["X-Accel-Buffering"] = "no";
        if (sessionId is not null)
        {
            _response.Headers[McpHeaders.SessionId] = sessionId;
        }

        await _response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Keeps the stream open with comments until the client leaves, <paramref name="stopping"/> fires or it is closed.</summary>
    public async Task RunAsync(CancellationToken requestAborted, CancellationToken stopping)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping, _closed.Token);
        using var timer = new PeriodicTimer(KeepAlive);
        try
        {
            while (await timer.WaitForNextTickAsync(ended.Token))
            {
                await WriteAsync(Encoding.UTF8.GetBytes(": keep-alive\n\n"), ended.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Close() => _closed.Cancel();

    /// <summary>
    /// Holds a place for the answer to a request posted for this stream (the legacy transport answers on it). Null
    /// when the stream is closed, or full: then it is closed and its client disconnected.
    /// </summary>
    public Reservation? TryReserve()
    {
        lock (_pendingLock)
        {
            if (_overflowed || _closed.IsCancellationRequested)
            {
                return null;
            }

            if (_pendingMessages < _maxPendingMessages)
            {
                _pendingMessages++;
                return new Reservation(this);
            }
        }

        Overflow();
        return null;
    }

    /// <summary>Sends a message; false when it was not sent (the client gone, or the stream over a bound and so closed).</summary>
    public Task<bool> WriteMessageAsync(JsonObject message) => SendAsync(Frame("message", message.ToJsonString()), reserved: false);

    public Task<bool> WriteEventAsync(string eventType, string data) => SendAsync(Frame(eventType, data), reserved: false);

    private static byte[] Frame(string eventType, string data) => Encoding.UTF8.GetBytes($"event: {eventType}\ndata: {data}\n\n");

    private async Task<bool> SendAsync(byte[] frame, bool reserved)
    {
        if (!TryAdmit(frame.Length, reserved))
        {
            return false;
        }

        try
        {
            return await WriteAsync(frame, _closed.Token);
        }
        finally
        {
            lock (_pendingLock)
            {
                _pendingMessages--;
                _pendingBytes -= frame.Length;
            }
        }
    }

    /// <summary>Counts a frame as pending (a reserved one has its place already); false, closing the stream, over a bound.</summary>
    private bool TryAdmit(long bytes, bool reserved)
    {
        lock (_pendingLock)
        {
            var messages = reserved ? _pendingMessages : _pendingMessages + 1;
            // A single message larger than the byte bound still goes out to a client that has taken everything else.
            var fits = messages <= _maxPendingMessages && (_pendingBytes == 0 || _pendingBytes + bytes <= _maxPendingBytes);
            if (!_overflowed && !_closed.IsCancellationRequested && fits)
            {
                _pendingMessages = messages;
                _pendingBytes += bytes;
                return true;
            }

            if (reserved)
            {
                _pendingMessages--;
            }

            if (_overflowed || _closed.IsCancellationRequested)
            {
                return false;
            }
        }

        Overflow();
        return false;
    }

    /// <summary>
    /// Closes the stream for good and drops the connection: writes waiting or under way are cancelled. The caller (a
    /// post for this stream, a notification) does not run what the stream's end sets off: that runs on its own.
    /// </summary>
    private void Overflow()
    {
        lock (_pendingLock)
        {
            if (_overflowed)
            {
                return;
            }

            _overflowed = true;
        }

        try
        {
            _response.HttpContext.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The stream's request has ended already.
        }

        _ = _closed.CancelAsync();
    }

    private async Task<bool> WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        try
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                await _response.Body.WriteAsync(frame, cancellationToken);
                await _response.Body.FlushAsync(cancellationToken);
                return true;
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client has gone (or was disconnected); the stream's loop ends on its own.
            return false;
        }
    }

    /// <summary>A place held for one answer: written once with <see cref="WriteAsync"/>, else given back on dispose.</summary>
    public sealed class Reservation(SseStream stream) : IDisposable
    {
        private int _used;

        public Task<bool> WriteAsync(JsonObject message) =>
            Interlocked.Exchange(ref _used, 1) == 0
                ? stream.SendAsync(Frame("message", message.ToJsonString()), reserved: true)
                : stream.WriteMessageAsync(message);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _used, 1) == 0)
            {
                lock (stream._pendingLock)
                {
                    stream._pendingMessages--;
                }
            }
        }
    }
}
