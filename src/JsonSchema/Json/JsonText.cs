using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace McpGateway.JsonSchema.Json;

/// <summary>Small helpers over raw JSON text that avoid allocating strings on the hot path.</summary>
internal static class JsonText
{
    /// <summary>Length of a JSON string in Unicode code points (what minLength/maxLength count).</summary>
    public static int CodePointLength(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        if (raw.IndexOf((byte)'\\') < 0)
        {
            // Each code point starts with exactly one non-continuation byte.
            var count = 0;
            foreach (var b in raw)
            {
                if ((b & 0xC0) != 0x80)
                {
                    count++;
                }
            }

            return count;
        }

        return CodePointLength(element.GetString()!);
    }

    public static int CodePointLength(string value)
    {
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>Short, single-line rendering of a value for error messages.</summary>
    public static string Preview(JsonElement element, int max = 60)
    {
        var text = element.GetRawText();
        return text.Length <= max ? text : text[..(max - 3)] + "...";
    }

    /// <summary>A standalone JSON string element holding <paramref name="value"/> (for propertyNames).</summary>
    public static JsonElement ToStringElement(string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(value.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
