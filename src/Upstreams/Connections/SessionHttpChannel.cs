using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// The hot path of a call on the shared session of a stateful Streamable HTTP backend (2025-03-26 to 2025-11-25): the
/// request is POSTed under the session that the SDK client opened (its <c>Mcp-Session-Id</c> and negotiated revision),
/// built and read as raw JSON, and an event-stream answer is read as it arrives and returned at the response's own
/// event, without waiting for the stream to end and without the SDK's message loop between the socket and the call
/// (bench/results/hop.md has what that path cost). What the backend sends on the call's stream before the response
/// (notifications, its own requests) goes to <see cref="SessionStreamHandler"/> in the order it came, so progress is
/// still relayed before the result. Everything else of the session (initialize, the standalone GET stream, other
/// notifications, closing it) stays with the SDK client.
/// </summary>
internal sealed class SessionHttpChannel(HttpClient http, Uri endpoint, IReadOnlyDictionary<string, string> headers)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// Sends request <paramref name="id"/> on session <paramref name="sessionId"/> (null: the backend gave none) and
    /// returns the backend's answer. A session the backend no longer knows (404) and a connection that fails throw
    /// <see cref="HttpRequestException"/>, as does the HTTP stack; cancellation throws.
    /// </summary>
    public async Task<BackendResponse> SendAsync(
        string method, JsonObject parameters, string id, string? sessionId, string protocolVersion, SessionStreamHandler handler, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(JsonRpcBodies.Request(id, method, parameters)) { Headers = { ContentType = Json } },
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", protocolVersion);
        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && sessionId is not null)
        {
            throw new HttpRequestException(HttpRequestError.Unknown, "The backend no longer knows the session", statusCode: HttpStatusCode.NotFound);
        }

        JsonObject? message;
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            message = await ReadEventStreamAsync(stream, id, handler, cancellationToken);
        }
        else
        {
            message = JsonRpcBodies.ParseOrNull(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }

        return Interpret(message, (int)response.StatusCode, handler.Backend);
    }


    /// <summary>Reads events until the response to <paramref name="id"/>; what comes before it goes to <paramref name="handler"/>.</summary>
    private static async Task<JsonObject?> ReadEventStreamAsync(Stream stream, string id, SessionStreamHandler handler, CancellationToken cancellationToken)
    {
        await foreach (var item in SseParser.Create(stream, (_, data) => data.ToArray()).EnumerateAsync(cancellationToken))
        {
            if (item.EventType != "message" || JsonRpcBodies.ParseOrNull(item.Data) is not { } message)
            {
                continue;
            }

            if (message["method"] is JsonValue methodValue && methodValue.TryGetValue<string>(out var name))
            {
                if (message.ContainsKey("id"))
                {
                    handler.OnRequest(message);
                }
                else
                {
                    await handler.OnNotificationAsync(name, message["params"] as JsonObject ?? []);
                }
            }
            else if (message["id"] is JsonValue messageId && messageId.TryGetValue<string>(out var value) && value == id)
            {
                return message;
            }
        }

        return null;
    }


    private static BackendResponse Interpret(JsonObject? message, int status, string backend)
    {
        if (message?["error"] is JsonObject error)
        {
            var code = error["code"] is JsonValue c && c.TryGetValue<int>(out var number) ? number : -32603;
            var text = error["message"] is JsonValue m && m.TryGetValue<string>(out var s) ? s : "Backend error";
            return new BackendFailure(BackendFailureKind.Error, text, code, error["data"]?.DeepClone());
        }

        if (message?["result"] is JsonObject result && status is >= 200 and < 300)
        {
            message.Remove("result");
            return BackendResponse.Success(result);
        }

        if (status >= 400 && message is null)
        {
            // What the SDK client would have thrown: the connection's failure handling applies.
            throw new HttpRequestException(HttpRequestError.Unknown, $"Backend '{backend}' answered HTTP {status}", statusCode: (HttpStatusCode)status);
        }

        return new BackendFailure(
            status >= 500 ? BackendFailureKind.Unreachable : BackendFailureKind.Protocol,
            $"Backend '{backend}' answered HTTP {status} without a JSON-RPC response");
    }
}

/// <summary>Where a <see cref="SessionHttpChannel"/> call's stream sends what is not its response.</summary>
internal abstract class SessionStreamHandler(string backend)
{
    public string Backend => backend;

    /// <summary>A notification the backend sent on the call's stream (progress, a log message, a list change …), awaited before the stream is read on.</summary>
    public abstract ValueTask OnNotificationAsync(string method, JsonObject parameters);

    /// <summary>A request the backend sent on the call's stream (its answer goes back on the session, not awaited).</summary>
    public abstract void OnRequest(JsonObject request);
}
