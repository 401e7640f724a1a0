using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Mcp;

/// <summary>One parsed JSON-RPC 2.0 message from a client: a request, a notification or a response to a server request.</summary>
internal sealed record JsonRpcMessage(JsonObject Raw, string? Method, JsonNode? Id, JsonObject Params)
{
    public bool IsRequest => Method is not null && Id is not null;

    public bool IsNotification => Method is not null && Id is null;

    public bool IsResponse => Method is null;

    /// <summary>The id as text, for correlating cancellations.</summary>
    public string? IdText => Id?.ToJsonString();

    public JsonObject? Meta => Params["_meta"] as JsonObject;

    /// <summary>
    /// The bytes of the request this message came in, as the client sent them (empty when it did not come from a body
    /// read here, e.g. from another node): the audit record's fallback when the params cannot be digested.
    /// </summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// Checks one message read by <see cref="Http.RequestJson"/>; throws a <see cref="GatewayException"/> with a safe
    /// message. A batch is refused: only <c>POST /mcp</c> on a 2025-03-26 session takes them.
    /// </summary>
    public static JsonRpcMessage FromBody(Http.RequestJson.Body body)
    {
        if (body.Json is JsonArray)
        {
            throw Fail(GatewayErrorKind.InvalidRequest, "Invalid request: JSON-RPC batches are only accepted on sessions of revision 2025-03-26");
        }

        return FromNode(body.Json) with { Body = body.Bytes };
    }

    /// <summary>Checks the JSON-RPC envelope of one message (also one element of a batch).</summary>
    public static JsonRpcMessage FromNode(JsonNode? node)
    {
        if (node is not JsonObject message)
        {
            throw Fail(GatewayErrorKind.InvalidRequest, "Invalid request: expected a JSON-RPC 2.0 object");
        }

        if (message["jsonrpc"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0")
        {
            throw Fail(GatewayErrorKind.InvalidRequest, "Invalid request: 'jsonrpc' must be \"2.0\"");
        }

        var id = message["id"];
        if (id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            throw Fail(GatewayErrorKind.InvalidRequest, "Invalid request: 'id' must be a string or a number");
        }

        string? method = null;
        if (message.ContainsKey("method"))
        {
            if (message["method"] is not JsonValue m || m.GetValueKind() != JsonValueKind.String || m.GetValue<string>().Length == 0)
            {
                throw Fail(GatewayErrorKind.InvalidRequest, "Invalid request: 'method' must be a non-empty string");
            }

            method = m.GetValue<string>();
        }
        else if (id is null || !(message.ContainsKey("result") || message.ContainsKey("error")))
        {
            throw Fail(GatewayErrorKind.InvalidRequest, "Invalid request: a message needs a 'method', or an 'id' with a 'result' or 'error'");
        }

        var parameters = message["params"] switch
        {
            null => new JsonObject(),
            JsonObject p => p,
            _ => throw Fail(GatewayErrorKind.InvalidRequest, "Invalid request: 'params' must be an object"),
        };

        return new JsonRpcMessage(message, method, id?.DeepClone(), parameters);
    }

    private static GatewayException Fail(GatewayErrorKind kind, string message) => new(new GatewayError(kind, message));
}
