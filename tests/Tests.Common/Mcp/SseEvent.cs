using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Common.Mcp;

/// <summary>
/// One Server-Sent Event, and the one parser of the test kit (the WHATWG rules: <c>event</c>, <c>data</c> and <c>id</c>
/// fields, one optional space after the colon, comments ignored, an event without data not dispatched).
/// </summary>
public sealed record SseEvent(string Event, string Data, string? Id = null)
{
    /// <summary>The data as a JSON object (a JSON-RPC message on MCP streams).</summary>
    public JsonObject Json => JsonNode.Parse(Data) as JsonObject ?? throw new FormatException("Not a JSON object: " + Data);

    /// <summary>The events of a whole SSE body (e.g. a POST answered as a stream).</summary>
    public static IReadOnlyList<SseEvent> Parse(string text)
    {
        using var reader = new StringReader(text);
        var events = new List<SseEvent>();
        var builder = new Builder();
        while (reader.ReadLine() is { } line)
        {
            if (builder.Take(line) is { } complete)
            {
                events.Add(complete);
            }
        }

        if (builder.Finish() is { } last)
        {
            events.Add(last);
        }

        return events;
    }

    /// <summary>The JSON-RPC messages (the data of every event) of a whole SSE body.</summary>
    public static IReadOnlyList<JsonObject> Messages(string text) => [.. Parse(text).Select(e => e.Json)];

    /// <summary>The messages of a response, whether it answered with JSON (one message or a batch) or with an SSE stream.</summary>
    public static async Task<IReadOnlyList<JsonObject>> MessagesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return Messages(text);
        }

        return text.Length == 0 ? [] : JsonNode.Parse(text) switch
        {
            JsonArray batch => [.. batch.Select(m => (JsonObject)m!)],
            JsonObject single => [single],
            _ => throw new FormatException("Not a JSON-RPC answer: " + text),
        };
    }

    /// <summary>The next event of a live stream; null when the stream ends first.</summary>
    public static async Task<SseEvent?> ReadAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var builder = new Builder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (builder.Take(line) is { } complete)
            {
                return complete;
            }
        }

        return builder.Finish();
    }

    private sealed class Builder
    {
        private readonly StringBuilder _data = new();
        private string? _event;
        private string? _id;
        private bool _hasData;

        public SseEvent? Take(string line)
        {
            if (line.Length == 0)
            {
                return Finish();
            }

            if (line[0] == ':')
            {
                return null;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    _event = value;
                    break;
                case "data":
                    if (_hasData)
                    {
                        _data.Append('\n');
                    }

                    _data.Append(value);
                    _hasData = true;
                    break;
                case "id":
                    _id = value;
                    break;
            }

            return null;
        }

        public SseEvent? Finish()
        {
            var complete = _data.Length > 0 ? new SseEvent(_event is { Length: > 0 } name ? name : "message", _data.ToString(), _id) : null;
            _data.Clear();
            _event = null;
            _hasData = false;
            return complete;
        }
    }
}
