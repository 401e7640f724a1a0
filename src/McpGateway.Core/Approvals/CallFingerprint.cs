using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Approvals;

/// <summary>
/// SHA-256 of a tool name and its arguments in a canonical form (object members sorted by name, no whitespace):
/// the same call hashes the same however its JSON was written, and any other argument value hashes differently.
/// </summary>
public static class CallFingerprint
{
    public static string Of(string tool, JsonObject? arguments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(tool);
            Write(writer, arguments ?? []);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>The arguments as JSON text, as stored with an approval.</summary>
    public static string Text(JsonObject? arguments) => arguments?.ToJsonString() ?? "{}";
}
