using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Common.Mcp;

/// <summary>
/// The raw MCP client of the test kit: hand-made Streamable HTTP requests, for the cases a well-behaved client (the
/// SDK's) never produces or does not expose. An instance posts to one endpoint with its own HttpClient; the static
/// members build messages and requests for tests that bring their own client.
/// </summary>
public sealed class RawMcp(Uri endpoint) : IDisposable
{
    public const string Stateless = "2026-07-28";
    public const string SessionHeader = "Mcp-Session-Id";
    public const string VersionHeader = "MCP-Protocol-Version";
    public const string DefaultAccept = "application/json, text/event-stream";

    /// <summary>The <c>notifications/initialized</c> message.</summary>
    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri Endpoint => endpoint;

    public HttpRequestMessage Post(string body, string contentType = "application/json", string? accept = DefaultAccept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return request;
    }

    /// <summary>A POST of <paramref name="json"/> to <paramref name="to"/>, with the session and revision headers when given.</summary>
    public static HttpRequestMessage Post(Uri to, string json, string? sessionId = null, string? protocolVersion = null, string accept = DefaultAccept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, to) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (sessionId is not null)
        {
            request.Headers.Add(SessionHeader, sessionId);
        }

        if (protocolVersion is not null)
        {
            request.Headers.Add(VersionHeader, protocolVersion);
        }

        return request;
    }

    /// <summary>A well-formed stateless (2026-07-28) request with the standard headers.</summary>
    public HttpRequestMessage Stateless2026(string method, JsonObject? parameters = null, string? nameHeader = null, string? methodHeader = null, object? id = null)
    {
        parameters ??= new JsonObject();
        var meta = parameters["_meta"] as JsonObject ?? new JsonObject();
        meta["io.modelcontextprotocol/protocolVersion"] = Stateless;
        meta["io.modelcontextprotocol/clientCapabilities"] = new JsonObject();
        parameters["_meta"] = meta;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id ?? 1), ["method"] = method, ["params"] = parameters };
        var request = Post(message.ToJsonString());
        request.Headers.Add(VersionHeader, Stateless);
        request.Headers.Add("Mcp-Method", methodHeader ?? method);
        var name = nameHeader ?? (parameters["name"] ?? parameters["uri"])?.GetValue<string>();
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    /// <summary>Sends <paramref name="request"/>; the body is parsed when the answer is <c>application/json</c>.</summary>
    public async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? body = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            body = JsonNode.Parse(text) as JsonObject;
        }

        return ((int)response.StatusCode, body, response);
    }

    public static int ErrorCode(JsonObject? body) => body?["error"]?["code"]?.GetValue<int>() ?? 0;

    /// <summary>An <c>initialize</c> request of <paramref name="protocolVersion"/>.</summary>
    public static string Initialize(string protocolVersion = "2025-11-25", int id = 1, JsonObject? capabilities = null) =>
        new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = "initialize",
            ["params"] = new JsonObject
            {
                ["protocolVersion"] = protocolVersion,
                ["capabilities"] = capabilities ?? new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" },
            },
        }.ToJsonString();

    /// <summary>A JSON-RPC request (<paramref name="parameters"/> left out when null).</summary>
    public static string Request(string method, int id = 2, JsonObject? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return message.ToJsonString();
    }

    /// <summary>Opens a stateful session (initialize + initialized) and returns its id, checking the revision the server agreed to.</summary>
    public static async Task<string> OpenSessionAsync(HttpClient http, Uri endpoint, string protocolVersion = "2025-11-25")
    {
        using var init = await http.SendAsync(Post(endpoint, Initialize(protocolVersion)));
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        var sessionId = Assert.Single(init.Headers.GetValues(SessionHeader));
        var response = Assert.Single(await SseEvent.MessagesAsync(init));
        Assert.Equal(protocolVersion, response["result"]?["protocolVersion"]?.GetValue<string>());

        using var initialized = await http.SendAsync(Post(endpoint, Initialized, sessionId, protocolVersion));
        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        return sessionId;
    }

    /// <summary>Reads a POST response carried as an SSE stream and returns its (single) JSON-RPC message.</summary>
    public static async Task<JsonNode> ReadSingleSseMessageAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return Assert.Single(SseEvent.Messages(await response.Content.ReadAsStringAsync()));
    }

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static void AcceptEventStream(HttpRequestMessage request) =>
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

    public void Dispose() => _http.Dispose();
}
