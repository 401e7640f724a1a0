namespace McpGateway.JsonSchema.Formats;

/// <summary>RFC 3339 <c>date</c>, <c>time</c> (with offset) and <c>date-time</c>, ASCII digits only, leap seconds at 23:59:60 UTC.</summary>
internal static class DateTimeFormats
{
    public static bool IsDate(string value) => value.Length == 10 && TryParseDate(value.AsSpan());

    public static bool IsTime(string value) => TryParseTime(value.AsSpan());

    public static bool IsDateTime(string value)
        => value.Length > 11 && (value[10] is 'T' or 't') && TryParseDate(value.AsSpan(0, 10)) && TryParseTime(value.AsSpan(11));

    private static bool TryParseDate(ReadOnlySpan<char> s)
    {
        if (s.Length != 10 || s[4] != '-' || s[7] != '-'
            || !TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day))
        {
            return false;
        }

        return month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month);
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>partial-time time-offset: HH:MM:SS[.frac](Z|±HH:MM).</summary>
    private static bool TryParseTime(ReadOnlySpan<char> s)
    {
        if (s.Length < 9 || s[2] != ':' || s[5] != ':'
            || !TryDigits(s[..2], out var hour) || !TryDigits(s.Slice(3, 2), out var minute) || !TryDigits(s.Slice(6, 2), out var second))
        {
            return false;
        }

        var i = 8;
        if (i < s.Length && s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (hour > 23 || minute > 59 || second > 60 || i >= s.Length)
        {
            return false;
        }

        int offsetMinutes;
        var offset = s[i..];
        if (offset is "Z" or "z")
        {
            offsetMinutes = 0;
        }
        else if (offset.Length == 6 && (offset[0] is '+' or '-') && offset[3] == ':'
            && TryDigits(offset.Slice(1, 2), out var offsetHour) && TryDigits(offset.Slice(4, 2), out var offsetMinute)
            && offsetHour <= 23 && offsetMinute <= 59)
        {
            offsetMinutes = (offset[0] == '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
        }
        else
        {
            return false;
        }

        if (second == 60)
        {
            // A leap second exists only at 23:59:60 UTC.
            var utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440;
            return utc == 23 * 60 + 59;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return s.Length > 0;
    }
}
