using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Audit;

/// <summary>Sizes and digests of JSON values for the audit record.</summary>
public static class JsonDigest
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    /// <summary>The UTF-8 size of <paramref name="node"/> written compactly.</summary>
    public static long Size(JsonNode? node)
    {
        if (node is null)
        {
            return 0;
        }

        var target = Rent();
        using (var writer = new Utf8JsonWriter(target))
        {
            node.WriteTo(writer);
        }

        return target.WrittenCount;
    }

    /// <summary>SHA-256 (hex) of <paramref name="node"/> in canonical form: compact, object members sorted by name (ordinal).</summary>
    public static string Digest(JsonNode node)
    {
        var target = Rent();
        using (var writer = new Utf8JsonWriter(target, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteCanonical(writer, node);
        }

        return Convert.ToHexStringLower(SHA256.HashData(target.WrittenSpan));
    }

    private static ArrayBufferWriter<byte> Rent()
    {
        var target = buffer ??= new ArrayBufferWriter<byte>(1024);
        target.ResetWrittenCount();
        return target;
    }

    /// <summary>Writes <paramref name="node"/> compactly with object members sorted by name (ordinal).</summary>
    internal static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
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
}
