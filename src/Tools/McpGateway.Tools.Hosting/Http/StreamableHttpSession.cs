using ModelContextProtocol.Server;

namespace McpGateway.Tools.Hosting.Http;

/// <summary>
/// One stateful Streamable HTTP session (revisions 2025-03-26 … 2025-11-25): the SDK transport, the server
/// running on it, a reference count of requests in flight and the last-activity time used for idle eviction.
/// </summary>
internal sealed class StreamableHttpSession : IAsyncDisposable
{
    private const int Closed = -1;

    private readonly CancellationTokenSource _lifetime = new();
    private int _references;
    private int _getStarted;
    private int _disposed;
    private long _lastActivity = Environment.TickCount64;

    public StreamableHttpSession(string id, StreamableHttpServerTransport transport, McpServer server)
    {
        Id = id;
        Transport = transport;
        Server = server;
        RunTask = server.RunAsync(_lifetime.Token);
    }

    public string Id { get; }

    public StreamableHttpServerTransport Transport { get; }

    public McpServer Server { get; }

    public Task RunTask { get; }

    /// <summary>Cancelled when the session ends (DELETE, eviction, shutdown).</summary>
    public CancellationToken Ending => _lifetime.Token;

    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>Takes a reference for one request; fails once the session is closed.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == Closed)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                Volatile.Write(ref _lastActivity, Environment.TickCount64);
                return true;
            }
        }
    }

    public void Release()
    {
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current <= 0)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _references, current - 1, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Closes the session if no request is in flight and it has been idle for at least <paramref name="idleMilliseconds"/>.</summary>
    public bool TryCloseIfIdle(long now, long idleMilliseconds) =>
        now - LastActivity >= idleMilliseconds && Interlocked.CompareExchange(ref _references, Closed, 0) == 0;

    /// <summary>Closes the session regardless of requests in flight (DELETE, shutdown).</summary>
    public void Close() => Interlocked.Exchange(ref _references, Closed);

    /// <summary>Only one standalone GET stream at a time per session.</summary>
    public bool TryStartGetStream() => Interlocked.Exchange(ref _getStarted, 1) == 0;

    /// <summary>The GET stream ended (client went away): a reconnecting client may open a new one.</summary>
    public void EndGetStream() => Volatile.Write(ref _getStarted, 0);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await RunTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await Server.DisposeAsync().ConfigureAwait(false);
            await Transport.DisposeAsync().ConfigureAwait(false);
            _lifetime.Dispose();
        }
    }
}
