namespace McpGateway.JsonSchema.Formats;

/// <summary><c>uuid</c> (RFC 4122 text form), <c>json-pointer</c> (RFC 6901) and <c>relative-json-pointer</c>.</summary>
internal static class SimpleFormats
{
    public static bool IsUuid(string value)
    {
        if (value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var isDash = i is 8 or 13 or 18 or 23;
            if (isDash ? value[i] != '-' : !char.IsAsciiHexDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsJsonPointer(string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        if (value[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '~' && (i + 1 >= value.Length || value[i + 1] is not ('0' or '1')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>non-negative-integer followed by <c>#</c> or a JSON Pointer (draft-handrews-relative-json-pointer).</summary>
    public static bool IsRelativeJsonPointer(string value)
    {
        var i = 0;
        while (i < value.Length && char.IsAsciiDigit(value[i]))
        {
            i++;
        }

        if (i == 0 || (i > 1 && value[0] == '0'))
        {
            return false;
        }

        // Optional index manipulation: +N / -N (N without leading zeros, not zero).
        if (i < value.Length && value[i] is '+' or '-')
        {
            var start = ++i;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                i++;
            }

            if (i == start || value[start] == '0')
            {
                return false;
            }
        }

        var rest = value[i..];
        return rest == "#" || IsJsonPointer(rest);
    }
}
