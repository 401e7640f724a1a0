using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>The raw JSON-RPC bodies the direct HTTP channels send and read (no SDK message types on the hot path).</summary>
internal static class JsonRpcBodies
{
    public static byte[] Request(long id, string method, JsonObject parameters) =>
        Write(id, method, parameters, static (writer, value) => writer.WriteNumber("id", value));

    public static byte[] Request(string id, string method, JsonObject parameters) =>
        Write(id, method, parameters, static (writer, value) => writer.WriteString("id", value));

    /// <summary>A JSON object, or null for an empty body or one that is not a JSON object.</summary>
    public static JsonObject? ParseOrNull(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Write<TId>(TId id, string method, JsonObject parameters, Action<Utf8JsonWriter, TId> writeId) =>
        JsonBytes.Write((id, method, parameters, writeId), static (writer, request) =>
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            request.writeId(writer, request.id);
            writer.WriteString("method", request.method);
            writer.WritePropertyName("params");
            request.parameters.WriteTo(writer);
            writer.WriteEndObject();
        });
}
