using System.Text.Json.Nodes;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>A session of revision 2025-11-25 opened by hand, with its GET stream of server messages.</summary>
public sealed class SessionStream(string sessionId, HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
{
    private Task<string?>? _pending;

    public string SessionId { get; } = sessionId;

    /// <summary>Initializes a session on <paramref name="endpoint"/> (declaring <paramref name="capabilities"/>) and opens its stream.</summary>
    public static async Task<SessionStream> OpenAsync(HttpClient http, Uri endpoint, JsonObject? capabilities = null)
    {
        using var raw = new RawMcp(endpoint);
        var initialize = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["method"] = "initialize",
            ["params"] = new JsonObject { ["protocolVersion"] = "2025-11-25", ["capabilities"] = capabilities ?? new JsonObject() },
        };
        var (_, _, response) = await raw.SendAsync(raw.Post(initialize.ToJsonString()));
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        var get = new HttpRequestMessage(HttpMethod.Get, endpoint);
        get.Headers.Add("Accept", "text/event-stream");
        get.Headers.Add("Mcp-Session-Id", sessionId);
        get.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        var stream = await http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)stream.StatusCode);
        return new SessionStream(sessionId, stream, new StreamReader(await stream.Content.ReadAsStreamAsync()));
    }

    /// <summary>A request on the session, answered in the POST's response.</summary>
    public HttpRequestMessage Request(RawMcp raw, string method, JsonObject parameters)
    {
        var request = raw.Post(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = method, ["params"] = parameters }.ToJsonString());
        request.Headers.Add("Mcp-Session-Id", SessionId);
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        return request;
    }

    /// <summary>The next message on the stream, or null when none comes within <paramref name="wait"/>.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        while (true)
        {
            _pending ??= reader.ReadLineAsync();
            var done = await Task.WhenAny(_pending, Task.Delay(Timeout.Infinite, timeout.Token).ContinueWith(_ => (string?)null, TaskScheduler.Default));
            if (done != _pending)
            {
                return null;
            }

            var line = await _pending;
            _pending = null;
            if (line is null)
            {
                return null;
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return (JsonObject)JsonNode.Parse(line["data: ".Length..])!;
            }
        }
    }

    /// <summary>The method of the next message on the stream, or null.</summary>
    public async Task<string?> NextMethodAsync(TimeSpan wait) => (await NextAsync(wait))?["method"]?.GetValue<string>();

    public ValueTask DisposeAsync()
    {
        response.Dispose();
        reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
