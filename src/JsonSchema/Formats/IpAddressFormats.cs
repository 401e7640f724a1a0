namespace McpGateway.JsonSchema.Formats;

/// <summary>RFC 2673 dotted-quad <c>ipv4</c> (no leading zeros) and RFC 4291 <c>ipv6</c> (no zone, no prefix).</summary>
internal static class IpAddressFormats
{
    public static bool IsIPv4(string value) => IsIPv4(value.AsSpan());

    public static bool IsIPv4(ReadOnlySpan<char> s)
    {
        var parts = 0;
        while (true)
        {
            var dot = s.IndexOf('.');
            var part = dot < 0 ? s : s[..dot];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var number = 0;
            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                number = number * 10 + (c - '0');
            }

            if (number > 255)
            {
                return false;
            }

            parts++;
            if (dot < 0)
            {
                return parts == 4;
            }

            s = s[(dot + 1)..];
        }
    }

    public static bool IsIPv6(string value) => IsIPv6(value.AsSpan());

    public static bool IsIPv6(ReadOnlySpan<char> s)
    {
        var doubleColon = s.IndexOf("::");
        if (doubleColon >= 0 && s[(doubleColon + 1)..].IndexOf("::") >= 0)
        {
            return false;
        }

        if (doubleColon < 0)
        {
            return CountGroups(s, allowIPv4Tail: true) == 8;
        }

        var head = s[..doubleColon];
        var tail = s[(doubleColon + 2)..];
        var headGroups = head.IsEmpty ? 0 : CountGroups(head, allowIPv4Tail: false);
        var tailGroups = tail.IsEmpty ? 0 : CountGroups(tail, allowIPv4Tail: true);
        return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups <= 7;
    }

    /// <summary>Number of 16-bit groups in colon-separated text (an IPv4 tail counts two), or -1 when malformed.</summary>
    private static int CountGroups(ReadOnlySpan<char> s, bool allowIPv4Tail)
    {
        var groups = 0;
        while (true)
        {
            var colon = s.IndexOf(':');
            var group = colon < 0 ? s : s[..colon];
            if (colon < 0 && allowIPv4Tail && group.IndexOf('.') >= 0)
            {
                return IsIPv4(group) ? groups + 2 : -1;
            }

            if (group.Length is 0 or > 4)
            {
                return -1;
            }

            foreach (var c in group)
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return -1;
                }
            }

            groups++;
            if (colon < 0)
            {
                return groups;
            }

            s = s[(colon + 1)..];
        }
    }
}
