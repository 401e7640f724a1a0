using System.Text.Json.Nodes;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The answer to one MCP POST. It is plain JSON unless the backend sends notifications about the call (progress, log
/// messages, requests to the client) before its result: the first one turns the answer into an event stream that carries
/// them, then the result.
/// </summary>
internal sealed class McpAnswer(HttpContext http)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SseStream? _stream;
    private bool _completed;

    public async ValueTask NotifyAsync(string method, JsonObject parameters) =>
        await TrySendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>Sends a message about the call (a notification, or a request to the client); false once the answer is complete.</summary>
    public async Task<bool> TrySendAsync(JsonObject message)
    {
        await _lock.WaitAsync(http.RequestAborted);
        try
        {
            if (_completed)
            {
                return false;
            }

            if (_stream is null)
            {
                _stream = new SseStream(http.Response);
                await _stream.StartAsync(null, http.RequestAborted);
            }

            await _stream.WriteMessageAsync(message);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Sends the final message: as JSON when nothing was streamed, else as the stream's last event.</summary>
    public async Task CompleteAsync(Func<Task> writeJson, JsonObject message)
    {
        await _lock.WaitAsync(http.RequestAborted);
        try
        {
            _completed = true;
            if (_stream is null)
            {
                await writeJson();
            }
            else
            {
                await _stream.WriteMessageAsync(message);
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
