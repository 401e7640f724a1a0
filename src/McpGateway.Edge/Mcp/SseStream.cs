using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Mcp;

/// <summary>One open Server-Sent Events response. Writes are serialized; a write to a gone client is dropped.</summary>
internal sealed class SseStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private readonly HttpResponse _response;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();

    public SseStream(HttpResponse response)
    {
        _response = response;
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
                await WriteAsync(": keep-alive\n\n", ended.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Close() => _closed.Cancel();

    public Task WriteMessageAsync(JsonObject message) => WriteAsync("event: message\ndata: " + message.ToJsonString() + "\n\n", _closed.Token);

    public Task WriteEventAsync(string eventType, string data) => WriteAsync($"event: {eventType}\ndata: {data}\n\n", _closed.Token);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                await _response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
                await _response.Body.FlushAsync(cancellationToken);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client has gone; the stream's loop ends on its own.
        }
    }
}
