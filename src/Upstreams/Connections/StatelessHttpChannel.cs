using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// The hot path to a Streamable HTTP backend that speaks the stateless revision (2026-07-28): every request is an
/// independent POST on the shared connection pool, built and read as raw JSON, so the backend's answer passes through
/// byte for byte and without the SDK session's per-request bookkeeping. Used only once the SDK client has negotiated
/// that revision with the backend, and never for tools whose arguments must be mirrored into <c>Mcp-Param-*</c>
/// headers (those go through the SDK client).
/// </summary>
internal sealed class StatelessHttpChannel(HttpClient http, Uri endpoint, IReadOnlyDictionary<string, string> headers, string backend)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly JsonObject ClientInfo = new() { ["name"] = "mcpgw", ["version"] = GatewayVersion.Current };
    private long _nextId;

    /// <summary>
    /// Sends the request; <paramref name="parameters"/> is the caller's copy and gets the protocol metadata added, with
    /// <paramref name="capabilities"/> as the client's and <paramref name="logLevel"/> as the log level it wants (null:
    /// none, and the backend sends no log messages). The backend's JSON-RPC error, or an answer that is none, is a
    /// failure in the response; a connection that fails throws (the HTTP stack's exception), as does cancellation.
    /// </summary>
    public async Task<BackendResponse> SendAsync(
        string method, JsonObject parameters, JsonObject capabilities, string? logLevel, CallNotifier? notify, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var meta = parameters["_meta"] as JsonObject ?? [];
        parameters["_meta"] = meta;
        meta[MetaKeys.ProtocolVersion] = McpRevisions.V2026_07_28;
        meta[MetaKeys.ClientCapabilities] = capabilities.DeepClone();
        meta[MetaKeys.ClientInfo] = ClientInfo.DeepClone();
        if (logLevel is not null && notify is not null)
        {
            meta[MetaKeys.LogLevel] = logLevel;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(JsonRpcBodies.Request(id, method, parameters)) { Headers = { ContentType = Json } },
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", McpRevisions.V2026_07_28);
        request.Headers.TryAddWithoutValidation("Mcp-Method", method);
        if ((parameters["name"] ?? parameters["uri"]) is JsonValue target && target.GetValueKind() == JsonValueKind.String)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Name", McpHeaderEncoder.EncodeValue(target.GetValue<string>()));
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // A request-scoped answer ends with the response: reading it whole is the cheapest way and keeps the connection.
        // When the caller can take notifications, an event stream is read as it comes, relaying them on the way.
        using var response = await http.SendAsync(
            request, notify is null ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        JsonObject? message;
        if (notify is not null && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            message = await RelayEventStreamAsync(stream, id, notify, cancellationToken);
        }
        else
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            message = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? FindResponse(body, id) : JsonRpcBodies.ParseOrNull(body);
        }
        return Interpret(message, (int)response.StatusCode);
    }


    /// <summary>The response to request <paramref name="id"/> among the events of a finished stream (notifications are skipped).</summary>
    private static JsonObject? FindResponse(byte[] body, long id)
    {
        foreach (var item in SseParser.Create(new MemoryStream(body, writable: false), (_, data) => data.ToArray()).Enumerate())
        {
            if (item.EventType == "message" && JsonRpcBodies.ParseOrNull(item.Data) is { } message && IsResponseTo(message, id))
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>Reads a live event stream: notifications go to <paramref name="notify"/>, the response to request <paramref name="id"/> is returned.</summary>
    private static async Task<JsonObject?> RelayEventStreamAsync(Stream stream, long id, CallNotifier notify, CancellationToken cancellationToken)
    {
        JsonObject? response = null;
        await foreach (var item in SseParser.Create(stream, (_, data) => data.ToArray()).EnumerateAsync(cancellationToken))
        {
            if (item.EventType != "message" || JsonRpcBodies.ParseOrNull(item.Data) is not { } message)
            {
                continue;
            }

            if (IsResponseTo(message, id))
            {
                response = message;
                break;
            }
            else if (message["method"] is JsonValue method && method.TryGetValue<string>(out var name)
                && name.StartsWith("notifications/", StringComparison.Ordinal) && message["params"] is JsonObject parameters)
            {
                message.Remove("params");
                await notify(name, parameters);
            }
        }

        return response;
    }

    private static bool IsResponseTo(JsonObject message, long id) =>
        message["id"] is JsonValue messageId && messageId.TryGetValue<long>(out var value) && value == id;


    private BackendResponse Interpret(JsonObject? message, int status)
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

        return new BackendFailure(
            status >= 500 ? BackendFailureKind.Unreachable : BackendFailureKind.Protocol,
            $"Backend '{backend}' answered HTTP {status} without a JSON-RPC response");
    }
}
