using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpGateway.Bench;

/// <summary>
/// One endpoint under test: a Streamable HTTP <c>/mcp</c> URL and the request sent to it. The measured request is the
/// stateless (2026-07-28) <c>tools/call</c> of echo under its name there; <c>tools/list</c> is a diagnostic probe
/// (the gateway answers it from its catalogue, without a backend). Only the id changes from one request to the next.
/// </summary>
internal sealed class EchoTarget
{
    public const string ProtocolVersion = "2026-07-28";

    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + ProtocolVersion + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly string _bodySuffix;

    private string?[] _sessions = [];

    private EchoTarget(string label, Uri endpoint, string method, string? toolName, string message, string bodySuffix, string protocolVersion = ProtocolVersion, string? expectedText = null)
    {
        Label = label;
        Endpoint = endpoint;
        Method = method;
        ToolName = toolName;
        Message = message;
        _bodySuffix = bodySuffix;
        Revision = protocolVersion;
        ExpectedText = expectedText ?? message;
    }

    /// <summary>The session client's revision.</summary>
    public const string SessionRevision = "2025-11-25";

    /// <summary>
    /// A <c>tools/call</c> of a 2025-11-25 session client: no <c>_meta</c>, the session's <c>Mcp-Session-Id</c>; each
    /// worker has its own session (<see cref="OpenSessionsAsync"/>). <paramref name="expectedText"/>: the text block the
    /// tool answers (the reference server prefixes <c>Echo: </c>).
    /// </summary>
    public static EchoTarget SessionToolCall(string label, Uri endpoint, string toolName, string message, string expectedText) => new(
        label, endpoint, "tools/call", toolName, message,
        ",\"method\":\"tools/call\",\"params\":{\"name\":" + JsonSerializer.Serialize(toolName)
            + ",\"arguments\":{\"message\":" + JsonSerializer.Serialize(message) + "}}}",
        SessionRevision, expectedText);

    /// <summary>The stateless <c>tools/call</c>, answered with <paramref name="expectedText"/>.</summary>
    public static EchoTarget ToolCall(string label, Uri endpoint, string toolName, string message, string expectedText) => new(
        label, endpoint, "tools/call", toolName, message,
        ",\"method\":\"tools/call\",\"params\":{\"name\":" + JsonSerializer.Serialize(toolName)
            + ",\"arguments\":{\"message\":" + JsonSerializer.Serialize(message) + "}," + Meta + "}}",
        ProtocolVersion, expectedText);

    /// <summary>The revision this target's client speaks.</summary>
    public string Revision { get; }

    /// <summary>The text block a good answer contains.</summary>
    public string ExpectedText { get; }

    public bool UsesSessions => Revision != ProtocolVersion;

    /// <summary>
    /// Opens <paramref name="count"/> sessions (initialize, then notifications/initialized), one per worker, unless
    /// that many are open; <paramref name="renew"/>: closes the open ones (<c>DELETE</c>) and opens new ones, so that a
    /// phase long after the last one does not meet sessions the server has ended for their idleness.
    /// </summary>
    public async Task OpenSessionsAsync(HttpClient http, int count, bool renew = false)
    {
        if (!UsesSessions || (_sessions.Length >= count && !renew))
        {
            return;
        }

        foreach (var open in _sessions.OfType<string>())
        {
            using var close = new HttpRequestMessage(HttpMethod.Delete, Endpoint);
            close.Headers.TryAddWithoutValidation("MCP-Protocol-Version", Revision);
            close.Headers.TryAddWithoutValidation("Mcp-Session-Id", open);
            using var closed = await http.SendAsync(close);
        }

        _sessions = [];

        var sessions = new string?[count];
        for (var i = 0; i < count; i++)
        {
            using var initialize = Post("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"mcpgw-bench","version":"1.0"}}}""", null);
            using var response = await http.SendAsync(initialize);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{Label}: initialize answered HTTP {(int)response.StatusCode}: {body}");
            }

            sessions[i] = response.Headers.TryGetValues("Mcp-Session-Id", out var values) ? values.FirstOrDefault() : null;
            using var initialized = Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessions[i]);
            using var ack = await http.SendAsync(initialized);
            await ack.Content.ReadAsByteArrayAsync();
        }

        _sessions = sessions;
    }

    private HttpRequestMessage Post(string json, string? session)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (session is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", Revision);
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        }

        return request;
    }

    /// <summary>{"jsonrpc":"2.0","id":N,"method":"tools/call","params":{"name":…,"arguments":{"message":…},"_meta":{…}}}</summary>
    public static EchoTarget ToolCall(string label, Uri endpoint, string toolName, string message) => new(
        label, endpoint, "tools/call", toolName, message,
        ",\"method\":\"tools/call\",\"params\":{\"name\":" + JsonSerializer.Serialize(toolName)
            + ",\"arguments\":{\"message\":" + JsonSerializer.Serialize(message) + "}," + Meta + "}}");

    /// <summary>{"jsonrpc":"2.0","id":N,"method":"tools/list","params":{"_meta":{…}}} (the stateless revision has no <c>ping</c>).</summary>
    public static EchoTarget List(string label, Uri endpoint) => new(
        label, endpoint, "tools/list", null, string.Empty, ",\"method\":\"tools/list\",\"params\":{" + Meta + "}}");

    public string Label { get; }

    public Uri Endpoint { get; }

    public string Method { get; }

    public string? ToolName { get; }

    public string Message { get; }

    public string Body(long id) => "{\"jsonrpc\":\"2.0\",\"id\":" + id.ToString(CultureInfo.InvariantCulture) + _bodySuffix;

    public HttpRequestMessage CreateRequest(long id) => CreateRequest(id, 0);

    public HttpRequestMessage CreateRequest(long id, int worker)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body(id)));
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content, Version = System.Net.HttpVersion.Version11 };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", Revision);
        if (UsesSessions && _sessions.Length > 0 && _sessions[worker % _sessions.Length] is { } session)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", session);
        }

        request.Headers.TryAddWithoutValidation("Mcp-Method", Method);
        if (ToolName is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Name", ToolName);
        }

        return request;
    }
}

/// <summary>Checks a response: HTTP 200, a JSON-RPC result (JSON or SSE-framed) for the id, not an error, echoing the text (tools/call).</summary>
internal static class EchoResponse
{
    /// <summary>Null when the response is a good echo; otherwise what is wrong with it.</summary>
    public static string? Check(int status, string? mediaType, byte[] body, long id, EchoTarget target)
    {
        if (status != 200)
        {
            return $"HTTP {status}: {Snippet(body)}";
        }

        string json;
        if (string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            json = FindSseResponse(Encoding.UTF8.GetString(body), id) ?? string.Empty;
            if (json.Length == 0)
            {
                return "SSE stream without a JSON-RPC response for id " + id.ToString(CultureInfo.InvariantCulture) + ": " + Snippet(body);
            }
        }
        else if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            json = Encoding.UTF8.GetString(body);
        }
        else
        {
            return $"unexpected Content-Type '{mediaType}': {Snippet(body)}";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (!root.TryGetProperty("id", out var responseId) || responseId.ValueKind != JsonValueKind.Number || responseId.GetInt64() != id)
            {
                return "response id does not match request id " + id.ToString(CultureInfo.InvariantCulture);
            }

            if (root.TryGetProperty("error", out var error))
            {
                return "JSON-RPC error: " + error.GetRawText();
            }

            if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
            {
                return "no result object";
            }

            if (target.ToolName is null)
            {
                return result.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0
                    ? null
                    : "tools/list result without tools: " + result.GetRawText();
            }

            if (result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True)
            {
                return "tool error: " + result.GetRawText();
            }

            if (result.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in content.EnumerateArray())
                {
                    if (block.ValueKind == JsonValueKind.Object
                        && block.TryGetProperty("type", out var type) && type.ValueEquals("text")
                        && block.TryGetProperty("text", out var text) && text.ValueEquals(target.ExpectedText))
                    {
                        return null;
                    }
                }
            }

            return "result does not contain the echoed text: " + result.GetRawText();
        }
        catch (JsonException e)
        {
            return "invalid JSON (" + e.Message + "): " + Snippet(Encoding.UTF8.GetBytes(json));
        }
    }

    /// <summary>The data of the first SSE event that is the JSON-RPC response (has <c>result</c> or <c>error</c>) to <paramref name="id"/>.</summary>
    public static string? FindSseResponse(string stream, long id)
    {
        var data = new StringBuilder();
        foreach (var rawLine in stream.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                if (data.Length > 0 && IsResponse(data.ToString(), id))
                {
                    return data.ToString();
                }

                data.Clear();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line.AsSpan(5);
                if (value.Length > 0 && value[0] == ' ')
                {
                    value = value[1..];
                }

                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(value);
            }
        }

        return data.Length > 0 && IsResponse(data.ToString(), id) ? data.ToString() : null;
    }

    private static bool IsResponse(string data, long id)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("id", out var responseId) && responseId.ValueKind == JsonValueKind.Number && responseId.GetInt64() == id
                && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ");
        return body.Length > 300 ? text + "…" : text;
    }
}
