using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>Hand-made MCP HTTP requests for checks the SDK client does not expose.</summary>
public static class RawMcp
{
    public const string SessionHeader = "Mcp-Session-Id";
    public const string VersionHeader = "MCP-Protocol-Version";

    public static HttpRequestMessage Post(Uri endpoint, string json, string? sessionId = null, string? protocolVersion = null,
        string accept = "application/json, text/event-stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
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

    public static string Initialize(string protocolVersion = "2025-11-25", int id = 1) =>
        new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = "initialize",
            ["params"] = new JsonObject
            {
                ["protocolVersion"] = protocolVersion,
                ["capabilities"] = new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" },
            },
        }.ToJsonString();

    public const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public static string Request(string method, int id = 2, JsonObject? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return message.ToJsonString();
    }

    /// <summary>Opens a stateful session (initialize + initialized) and returns its id.</summary>
    public static async Task<string> OpenSessionAsync(HttpClient http, Uri endpoint, string protocolVersion = "2025-11-25")
    {
        using var init = await http.SendAsync(Post(endpoint, Initialize(protocolVersion)));
        Assert.Equal(System.Net.HttpStatusCode.OK, init.StatusCode);
        var sessionId = Assert.Single(init.Headers.GetValues(SessionHeader));
        var response = await ReadSingleSseMessageAsync(init);
        Assert.Equal(protocolVersion, response["result"]?["protocolVersion"]?.GetValue<string>());

        using var initialized = await http.SendAsync(Post(endpoint, Initialized, sessionId, protocolVersion));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, initialized.StatusCode);
        return sessionId;
    }

    /// <summary>Reads a POST response carried as an SSE stream and returns its (single) JSON-RPC message.</summary>
    public static async Task<JsonNode> ReadSingleSseMessageAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var events = SseEvent.Parse(body).Where(e => e.Data.Length > 0).ToList();
        return JsonNode.Parse(Assert.Single(events).Data)!;
    }

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static void AcceptEventStream(HttpRequestMessage request) =>
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
}

/// <summary>A server-sent event.</summary>
public sealed record SseEvent(string Event, string Data)
{
    public static IEnumerable<SseEvent> Parse(string text)
    {
        using var reader = new StringReader(text);
        return ReadAll(reader).ToList();
    }

    private static IEnumerable<SseEvent> ReadAll(StringReader reader)
    {
        while (ReadOne(reader.ReadLine) is { } e)
        {
            yield return e;
        }
    }

    /// <summary>Reads one event from a live stream; null at end of stream.</summary>
    public static async Task<SseEvent?> ReadAsync(StreamReader reader, CancellationToken ct)
    {
        string? eventName = null;
        var data = new StringBuilder();
        var any = false;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (any)
                {
                    return new SseEvent(eventName ?? "message", data.ToString());
                }

                continue;
            }

            any = true;
            Apply(line, ref eventName, data);
        }

        return any ? new SseEvent(eventName ?? "message", data.ToString()) : null;
    }

    private static SseEvent? ReadOne(Func<string?> readLine)
    {
        string? eventName = null;
        var data = new StringBuilder();
        var any = false;
        while (readLine() is { } line)
        {
            if (line.Length == 0)
            {
                if (any)
                {
                    return new SseEvent(eventName ?? "message", data.ToString());
                }

                continue;
            }

            any = true;
            Apply(line, ref eventName, data);
        }

        return any ? new SseEvent(eventName ?? "message", data.ToString()) : null;
    }

    private static void Apply(string line, ref string? eventName, StringBuilder data)
    {
        if (line.StartsWith("event:", StringComparison.Ordinal))
        {
            eventName = line["event:".Length..].Trim();
        }
        else if (line.StartsWith("data:", StringComparison.Ordinal))
        {
            if (data.Length > 0)
            {
                data.Append('\n');
            }

            data.Append(line["data:".Length..].TrimStart());
        }
    }
}
