using System.Runtime.InteropServices;
using System.Text.Json;

namespace McpGateway.JsonSchema.Json;

/// <summary>
/// JSON value equality as JSON Schema defines it: numbers by mathematical value (1 == 1.0),
/// objects regardless of property order, arrays element by element.
/// </summary>
internal static class JsonEquality
{
    public static bool AreEqual(JsonElement a, JsonElement b)
    {
        var kindA = Normalize(a.ValueKind);
        if (kindA != Normalize(b.ValueKind))
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Number:
                return JsonNumber.FromElement(a).Equals(JsonNumber.FromElement(b));
            case JsonValueKind.String:
                return StringEquals(a, b);
            case JsonValueKind.Array:
                return ArrayEquals(a, b);
            case JsonValueKind.Object:
                return ObjectEquals(a, b);
            default:
                return a.ValueKind == b.ValueKind;
        }
    }

    public static int GetHashCode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                return JsonNumber.FromElement(element).GetHashCode();
            case JsonValueKind.String:
                return StringComparer.Ordinal.GetHashCode(element.GetString()!);
            case JsonValueKind.Array:
                var arrayHash = new HashCode();
                arrayHash.Add(JsonValueKind.Array);
                foreach (var item in element.EnumerateArray())
                {
                    arrayHash.Add(GetHashCode(item));
                }

                return arrayHash.ToHashCode();
            case JsonValueKind.Object:
                // Order-independent: sum of per-property hashes.
                var sum = (int)JsonValueKind.Object;
                foreach (var property in element.EnumerateObject())
                {
                    sum = unchecked(sum + HashCode.Combine(StringComparer.Ordinal.GetHashCode(property.Name), GetHashCode(property.Value)));
                }

                return sum;
            default:
                return (int)element.ValueKind;
        }
    }

    private static JsonValueKind Normalize(JsonValueKind kind) => kind == JsonValueKind.False ? JsonValueKind.True : kind;

    private static bool StringEquals(JsonElement a, JsonElement b)
    {
        var rawA = JsonMarshal.GetRawUtf8Value(a);
        var rawB = JsonMarshal.GetRawUtf8Value(b);
        if (rawA.IndexOf((byte)'\\') < 0 && rawB.IndexOf((byte)'\\') < 0)
        {
            return rawA.SequenceEqual(rawB);
        }

        return string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
    }

    private static bool ArrayEquals(JsonElement a, JsonElement b)
    {
        var length = a.GetArrayLength();
        if (length != b.GetArrayLength())
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (!AreEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ObjectEquals(JsonElement a, JsonElement b)
    {
        var countA = 0;
        foreach (var property in a.EnumerateObject())
        {
            countA++;
            if (!b.TryGetProperty(property.Name, out var other) || !AreEqual(property.Value, other))
            {
                return false;
            }
        }

        return countA == b.GetPropertyCount();
    }
}
