using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Bridge;

/// <summary>
/// Lets a stdio-only MCP client reach a gateway endpoint: every line read from <paramref name="input"/> is posted to the
/// endpoint (with the session id and revision the endpoint negotiated, the standard <c>Mcp-Method</c>/<c>Mcp-Name</c>
/// headers and the bearer token), and every message that comes back (JSON or an event stream) is written to
/// <paramref name="output"/> as one line. Requests run concurrently; output lines never interleave.
/// </summary>
internal sealed class StdioHttpBridge(HttpClient http, Uri endpoint, string? token, TextReader input, TextWriter output, TextWriter log)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private string? _sessionId;
    private string? _protocolVersion;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>();
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            JsonObject message;
            try
            {
                message = JsonNode.Parse(line) as JsonObject ?? throw new JsonException();
            }
            catch (JsonException)
            {
                await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = null, ["error"] = new JsonObject { ["code"] = Mcp.JsonRpcErrors.ParseError, ["message"] = "Parse error" } });
                continue;
            }

            // initialize must finish before anything else is sent: it establishes the session.
            var forward = ForwardAsync(message, cancellationToken);
            if (message["method"]?.GetValue<string>() == "initialize")
            {
                await forward;
            }
            else
            {
                inFlight.Add(forward);
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight);
        await EndSessionAsync();
        return 0;
    }

    private async Task ForwardAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var id = message["id"]?.DeepClone();
        try
        {
            using var request = Request(HttpMethod.Post, message);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.Headers.TryGetValues("Mcp-Session-Id", out var sessions))
            {
                _sessionId ??= sessions.First();
            }

            if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
            {
                return;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
                {
                    if (JsonNode.Parse(item.Data) is JsonObject answer)
                    {
                        await RelayAsync(answer, id);
                    }
                }
            }
            else if (await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) is JsonObject answer)
            {
                await RelayAsync(answer, id);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or IOException)
        {
            await log.WriteLineAsync($"mcpgw bridge: {endpoint} failed: {exception.GetType().Name}");
            if (id is not null)
            {
                await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = Mcp.JsonRpcErrors.BackendUnavailable, ["message"] = "The gateway is unreachable" } });
            }
        }
    }

    /// <summary>Writes an answer, remembering the negotiated revision and giving transport errors the request's id.</summary>
    private Task RelayAsync(JsonObject answer, JsonNode? requestId)
    {
        if (answer["result"]?["protocolVersion"] is JsonValue version && version.TryGetValue<string>(out var negotiated) && answer["result"]?["serverInfo"] is not null)
        {
            _protocolVersion = negotiated;
        }

        if (answer.ContainsKey("error") && answer["id"] is null && requestId is not null)
        {
            answer["id"] = requestId.DeepClone();
        }

        return WriteAsync(answer);
    }

    private HttpRequestMessage Request(HttpMethod method, JsonObject? message)
    {
        var request = new HttpRequestMessage(method, endpoint);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (_sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", _sessionId);
        }

        var version = message?["params"]?["_meta"]?["io.modelcontextprotocol/protocolVersion"]?.GetValue<string>() ?? _protocolVersion;
        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version);
        }

        if (message?["method"] is JsonValue methodName && methodName.TryGetValue<string>(out var name))
        {
            request.Headers.TryAddWithoutValidation("Mcp-Method", name);
            if ((message["params"]?["name"] ?? message["params"]?["uri"]) is JsonValue target && target.TryGetValue<string>(out var targetName))
            {
                request.Headers.TryAddWithoutValidation("Mcp-Name", ModelContextProtocol.Protocol.McpHeaderEncoder.EncodeValue(targetName));
            }
        }

        if (message is not null)
        {
            request.Content = new StringContent(message.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    private async Task EndSessionAsync()
    {
        if (_sessionId is null)
        {
            return;
        }

        try
        {
            using var request = Request(HttpMethod.Delete, null);
            using var response = await http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // The session is evicted when idle anyway.
        }
    }

    private async Task WriteAsync(JsonObject message)
    {
        await _writeLock.WaitAsync();
        try
        {
            await output.WriteLineAsync(message.ToJsonString());
            await output.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
