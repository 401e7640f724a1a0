using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace McpGateway.Core.Protocol;

/// <summary>
/// The one reader of JSON a client sends (every request body the gateway reads). Besides what any JSON parser refuses,
/// it refuses what would break later, at a point where the call may already have run: invalid UTF-8, an escaped
/// UTF-16 surrogate that is not part of a pair (<c>"\ud800"</c>, in a member name or a value), an object that repeats a
/// member name (at any depth; names are compared after unescaping, so <c>"a"</c> and <c>"\u0061"</c> collide), and
/// nesting deeper than <see cref="MaxDepth"/>. Whatever it accepts can be read, serialized and digested anywhere later.
/// Refusals are <see cref="GatewayErrorKind.ParseError"/> with a message that says which rule was broken (never the
/// offending text). Linear in the size of the body: one validation pass over the bytes, one walk of the tokens (no
/// allocation), then the parse into nodes, which checks names for repeats with a hash set per object. About as fast as a
/// lenient parse for ordinary bodies; a single object with 100,000 members costs two to three times as much.
/// </summary>
public static class StrictJson
{
    /// <summary>
    /// The deepest nesting of objects and arrays accepted in a body (the body itself is level 1; a <c>tools/call</c>'s
    /// arguments object is level 3). Serialization refuses beyond 64 levels, so accepted bodies can always be written again.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The body as JSON (null for the literal <c>null</c>); throws a <see cref="GatewayException"/> (parse error) when it
    /// breaks a rule. <paramref name="maxDepth"/> (at most <see cref="MaxDepth"/>) is for a body whose content travels
    /// deeper than it came (<c>POST /mcp/invoke</c>'s arguments go one level down, into a JSON-RPC message).
    /// </summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> utf8, int maxDepth = MaxDepth) =>
        TryParse(utf8, out var node, out var problem, maxDepth) ? node : throw new GatewayException(new GatewayError(GatewayErrorKind.ParseError, problem!));

    /// <summary>False, with a message safe to send, when <paramref name="utf8"/> breaks a rule.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8, out JsonNode? node, out string? problem, int maxDepth = MaxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, MaxDepth);
        node = null;
        problem = Check(utf8.Span, maxDepth);
        if (problem is not null)
        {
            return false;
        }

        try
        {
            // Over the caller's bytes, not a copy of them (the edge keeps them for the audit record's fallback anyway);
            // the document is not disposed: the nodes read from it for as long as they live.
            var root = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false }).RootElement;
            node = root.ValueKind switch
            {
                JsonValueKind.Object => JsonObject.Create(root),
                JsonValueKind.Array => JsonArray.Create(root),
                JsonValueKind.Null => null,
                _ => JsonValue.Create(root),
            };
            return true;
        }
        catch (JsonException)
        {
            // Syntax, depth, encoding and escapes passed the walk: what is left is a repeated member name.
            problem = "Parse error: an object repeats a member name";
            return false;
        }
    }

    /// <summary>Null when <paramref name="utf8"/> is well-formed JSON within the rules the walk can see (all but repeated names), else the problem.</summary>
    private static string? Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        if (!Utf8.IsValid(utf8))
        {
            return "Parse error: the body is not valid UTF-8";
        }

        // One level more than accepted, so that the walk (not the reader) reports the depth, with its own message.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= maxDepth:
                        return $"Parse error: objects and arrays are nested deeper than {maxDepth} levels (at byte {reader.TokenStartIndex})";
                    case JsonTokenType.PropertyName or JsonTokenType.String when reader.ValueIsEscaped && !SurrogatesPaired(reader.ValueSpan):
                        return $"Parse error: a string holds an unpaired UTF-16 surrogate escape (at byte {reader.TokenStartIndex})";
                }
            }
        }
        catch (JsonException)
        {
            return "Parse error: the body is not valid JSON";
        }

        return reader.BytesConsumed == utf8.Length || IsWhiteSpace(utf8[(int)reader.BytesConsumed..])
            ? null
            : "Parse error: the body is not valid JSON";
    }

    /// <summary>
    /// Whether every <c>\uD800</c>–<c>\uDBFF</c> escape in the (escaped, syntactically valid) string is followed by a
    /// <c>\uDC00</c>–<c>\uDFFF</c> escape and every low one follows a high one.
    /// </summary>
    internal static bool SurrogatesPaired(ReadOnlySpan<byte> escaped)
    {
        var i = 0;
        while (i < escaped.Length)
        {
            if (escaped[i] != (byte)'\\')
            {
                i++;
                continue;
            }

            if (escaped[i + 1] != (byte)'u')
            {
                i += 2;
                continue;
            }

            var unit = Hex(escaped.Slice(i + 2, 4));
            i += 6;
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return false;
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 6 > escaped.Length || escaped[i] != (byte)'\\' || escaped[i + 1] != (byte)'u' || Hex(escaped.Slice(i + 2, 4)) is < 0xDC00 or > 0xDFFF)
                {
                    return false;
                }

                i += 6;
            }
        }

        return true;
    }

    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits)
        {
            value = (value << 4) | (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
        }

        return value;
    }

    private static bool IsWhiteSpace(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
