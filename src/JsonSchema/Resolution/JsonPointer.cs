using System.Text;
using System.Text.Json;

namespace McpGateway.JsonSchema.Resolution;

/// <summary>RFC 6901 JSON Pointer helpers.</summary>
internal static class JsonPointer
{
    public static string Escape(string token)
        => token.Contains('~') || token.Contains('/')
            ? token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
            : token;

    public static string Append(string pointer, string token) => pointer + "/" + Escape(token);

    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Unescape(string token)
        => token.Contains('~')
            ? token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)
            : token;

    /// <summary>Parent pointer, or null for the root pointer.</summary>
    public static string? Parent(string pointer)
    {
        if (pointer.Length == 0)
        {
            return null;
        }

        return pointer[..pointer.LastIndexOf('/')];
    }

    /// <summary>Follows <paramref name="pointer"/> from <paramref name="root"/>.</summary>
    public static bool TryNavigate(JsonElement root, string pointer, out JsonElement result)
    {
        result = root;
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            return false;
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = Unescape(raw);
            if (result.ValueKind == JsonValueKind.Object)
            {
                if (!result.TryGetProperty(token, out result))
                {
                    return false;
                }
            }
            else if (result.ValueKind == JsonValueKind.Array)
            {
                if (!IsArrayIndex(token, out var index) || index >= result.GetArrayLength())
                {
                    return false;
                }

                result = result[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsArrayIndex(string token, out int index)
    {
        index = 0;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0'))
        {
            return false;
        }

        return int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
    }

    /// <summary>Builds an escaped pointer from raw segments (strings are names, ints are indexes).</summary>
    public static string Build(ReadOnlySpan<PathSegment> segments)
    {
        if (segments.IsEmpty)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            builder.Append('/');
            if (segment.Name is { } name)
            {
                builder.Append(Escape(name));
            }
            else
            {
                builder.Append(segment.Index);
            }
        }

        return builder.ToString();
    }
}
