using System.Text.Json;
using System.Text.Json.Nodes;

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

    private static byte[] Write<TId>(TId id, string method, JsonObject parameters, Action<Utf8JsonWriter, TId> writeId)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writeId(writer, id);
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            parameters.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
