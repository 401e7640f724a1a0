using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>
/// Hand-made MCP requests as one user: a 2025-11-25 session (<see cref="InitializeAsync"/>) or stateless 2026-07-28
/// requests, with or without the tasks extension declared.
/// </summary>
public sealed class McpCaller(Uri endpoint, string token) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private int _id;

    public string? SessionId { get; private set; }

    public static McpCaller For(JobsFixture fixture, string user, params string[] roles) => new(fixture.Gateway.McpEndpoint, JobsFixture.Token(user, roles));

    public async Task<JsonObject> InitializeAsync()
    {
        var (body, response) = await SendAsync(Message("initialize", new JsonObject { ["protocolVersion"] = "2025-11-25", ["capabilities"] = new JsonObject() }), null);
        SessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" }, null);
        return body!;
    }

    /// <summary>Opens the session's GET stream of server messages.</summary>
    public async Task<SessionStream> OpenStreamAsync()
    {
        var get = new HttpRequestMessage(HttpMethod.Get, endpoint);
        get.Headers.Add("Accept", "text/event-stream");
        get.Headers.Add("Mcp-Session-Id", SessionId);
        get.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var stream = await _http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)stream.StatusCode);
        return new SessionStream(SessionId!, await SseReader.OfAsync(stream));
    }

    /// <summary>A request on the session; answers the whole JSON-RPC response.</summary>
    public async Task<JsonObject> SessionAsync(string method, JsonObject parameters) => (await SendAsync(Message(method, parameters), null)).Body!;

    /// <summary>A stateless <c>subscriptions/listen</c>: its event stream (or, when refused, the error as its first message).</summary>
    public async Task<SessionStream> ListenAsync(JsonObject notifications, bool tasks)
    {
        var (message, headers) = Stateless("subscriptions/listen", new JsonObject { ["notifications"] = notifications }, tasks, null);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (key, value) in headers)
        {
            request.Headers.Add(key, value);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SessionStream("", await SseReader.OfAsync(response));
    }

    /// <summary>A stateless request; <paramref name="tasks"/> declares the tasks extension in its capabilities.</summary>
    public async Task<JsonObject> StatelessAsync(string method, JsonObject parameters, bool tasks, string? name = null)
    {
        var (message, headers) = Stateless(method, parameters, tasks, name);
        return (await SendAsync(message, headers)).Body!;
    }

    private (JsonObject Message, Dictionary<string, string> Headers) Stateless(string method, JsonObject parameters, bool tasks, string? name)
    {
        var meta = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
            ["io.modelcontextprotocol/clientCapabilities"] = tasks
                ? new JsonObject { ["extensions"] = new JsonObject { ["io.modelcontextprotocol/tasks"] = new JsonObject() } }
                : new JsonObject(),
        };
        parameters["_meta"] = meta;
        var headers = new Dictionary<string, string> { ["MCP-Protocol-Version"] = "2026-07-28", ["Mcp-Method"] = method };
        if ((name ?? (parameters["name"] ?? parameters["taskId"])?.GetValue<string>()) is { } n)
        {
            headers["Mcp-Name"] = n;
        }

        return (Message(method, parameters), headers);
    }

    public static JsonObject ToolCall(string name, JsonObject arguments, JsonObject? task = null)
    {
        var parameters = new JsonObject { ["name"] = name, ["arguments"] = arguments };
        if (task is not null)
        {
            parameters["task"] = task;
        }

        return parameters;
    }

    private JsonObject Message(string method, JsonObject parameters) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _id), ["method"] = method, ["params"] = parameters };

    private async Task<(JsonObject? Body, HttpResponseMessage Response)> SendAsync(JsonObject message, Dictionary<string, string>? headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (headers is null && SessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", SessionId);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }

        foreach (var (key, value) in headers ?? [])
        {
            request.Headers.Add(key, value);
        }

        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            // The result is the stream's last message (progress may come first).
            text = SseEvent.Parse(text)[^1].Data;
        }

        return (text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null, response);
    }

    public void Dispose() => _http.Dispose();
}
