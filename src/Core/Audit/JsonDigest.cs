using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Audit;

/// <summary>Sizes and digests of JSON values for the audit record.</summary>
public static class JsonDigest
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

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
            WriteCanonical(writer, node, 0);
        }

        return Convert.ToHexStringLower(SHA256.HashData(target.WrittenSpan));
    }

    /// <summary>
    /// The fallback digest of a call whose arguments cannot be written as JSON: <c>raw:</c> and the SHA-256 (hex) of the
    /// request's bytes as the client sent them.
    /// </summary>
    public static string RawDigest(ReadOnlySpan<byte> body) => RawPrefix + Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>What starts a <see cref="RawDigest"/>.</summary>
    public const string RawPrefix = "raw:";

    /// <summary>Deeper than this, a value is not digested (the edge accepts 64 levels; in-process values are refused before the stack is at risk).</summary>
    private const int MaxCanonicalDepth = 1000;

    private static ArrayBufferWriter<byte> Rent()
    {
        var target = _buffer ??= new ArrayBufferWriter<byte>(1024);
        target.ResetWrittenCount();
        return target;
    }

    /// <summary>Writes <paramref name="node"/> compactly with object members sorted by name (ordinal).</summary>
    internal static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node, int depth = 0)
    {
        if (depth > MaxCanonicalDepth)
        {
            throw new InvalidOperationException($"A value nested deeper than {MaxCanonicalDepth} levels is not digested");
        }

        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteCanonical(writer, value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item, depth + 1);
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
