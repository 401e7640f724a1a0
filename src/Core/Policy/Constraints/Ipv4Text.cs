using System.Globalization;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// Host text that browsers, curl and <c>inet_aton</c> read as an IPv4 address: one to four parts, each decimal, octal
/// (leading <c>0</c>) or hexadecimal (<c>0x</c>), the last filling the remaining bytes. <c>2130706433</c>,
/// <c>0177.0.0.1</c>, <c>0x7f.1</c> and <c>127.1</c> are all 127.0.0.1.
/// </summary>
internal static class Ipv4Text
{
    /// <summary>Whether a host "ends in a number" (WHATWG URL): then it must be an IPv4 address or nothing.</summary>
    public static bool LooksNumeric(string host)
    {
        var last = host[(host.LastIndexOf('.') + 1)..];
        return last.Length > 0 && (last.All(char.IsAsciiDigit) || (last.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && last[2..].All(char.IsAsciiHexDigit)));
    }

    /// <summary>The address as a 32-bit number, or null when the text is not a valid numeric host.</summary>
    public static uint? Parse(string host)
    {
        var parts = host.Split('.');
        if (parts.Length > 4)
        {
            return null;
        }

        var numbers = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (Part(parts[i]) is not { } n)
            {
                return null;
            }

            numbers[i] = n;
        }

        ulong address = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (numbers[i] > 255)
            {
                return null;
            }

            address |= numbers[i] << (8 * (3 - i));
        }

        var lastMax = (1UL << (8 * (5 - parts.Length))) - 1;
        return numbers[^1] > lastMax ? null : (uint)(address | numbers[^1]);
    }

    private static ulong? Part(string part)
    {
        if (part.Length == 0 || part.Length > 40)
        {
            return null;
        }

        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return part.Length == 2 ? 0 : ulong.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }

        if (part.Length > 1 && part[0] == '0')
        {
            ulong octal = 0;
            foreach (var c in part.AsSpan(1))
            {
                if (c is < '0' or > '7' || octal > (ulong.MaxValue >> 3))
                {
                    return null;
                }

                octal = (octal << 3) + (uint)(c - '0');
            }

            return octal;
        }

        return part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
    }
}
