using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace McpGateway.JsonSchema.Json;

/// <summary>
/// SHA-256 over a canonical form of a JSON value: no insignificant whitespace, object members sorted
/// by name (ordinal), strings re-escaped by one writer, numbers as written. Two schemas that differ only
/// in formatting or member order hash the same.
/// </summary>
internal static class JsonCanonicalHash
{
    public static string Compute(JsonElement element, int maxDepth)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Indented = false }))
        {
            Write(writer, element, 0, maxDepth);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, int depth, int maxDepth)
    {
        if (depth > maxDepth)
        {
            throw new SchemaLoadException($"Schema nesting is deeper than the limit of {maxDepth} (MaxDepth).", string.Empty);
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var properties = new List<JsonProperty>();
                foreach (var property in element.EnumerateObject())
                {
                    properties.Add(property);
                }

                properties.Sort(static (x, y) => string.CompareOrdinal(x.Name, y.Name));
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, depth + 1, maxDepth);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, depth + 1, maxDepth);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
