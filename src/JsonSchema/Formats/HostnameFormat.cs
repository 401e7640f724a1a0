namespace McpGateway.JsonSchema.Formats;

/// <summary>
/// <c>hostname</c> (RFC 1123 labels; <c>xn--</c> labels must decode to valid IDNA2008 U-labels) and
/// <c>idn-hostname</c> (RFC 5890: U-labels allowed, with the IDN full-stop separators).
/// </summary>
internal static class HostnameFormat
{
    private static readonly char[] IdnSeparators = ['.', '\u3002', '\uFF0E', '\uFF61'];

    public static bool IsHostname(string value)
    {
        if (value.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in value.Split('.'))
        {
            if (!IsAsciiLabel(label))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsIdnHostname(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        var asciiLength = 0;
        var labels = value.Split(IdnSeparators);
        var unicodeLabels = new List<string>(labels.Length);
        foreach (var label in labels)
        {
            if (label.All(c => c < 0x80))
            {
                if (!IsAsciiLabel(label))
                {
                    return false;
                }

                unicodeLabels.Add(label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) && Punycode.TryDecode(label[4..], out var decoded) ? decoded : label);

                asciiLength += label.Length + 1;
                continue;
            }

            var lower = label.ToLowerInvariant();
            if (!string.Equals(lower, label, StringComparison.Ordinal) || !IdnaRules.IsValidULabel(label))
            {
                return false;
            }

            var encoded = "xn--" + Punycode.Encode(label);
            if (encoded.Length > 63)
            {
                return false;
            }

            asciiLength += encoded.Length + 1;
            unicodeLabels.Add(label);
        }

        // RFC 5893: in a domain name with right-to-left labels every label must satisfy the Bidi rule.
        if (unicodeLabels.Exists(BidiRule.HasRightToLeft) && !unicodeLabels.TrueForAll(BidiRule.IsValidLabel))
        {
            return false;
        }

        return asciiLength - 1 <= 253;
    }

    private static bool IsAsciiLabel(string label)
    {
        if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        if (label.Length >= 4 && label[2] == '-' && label[3] == '-')
        {
            // Only A-labels may have "--" in positions 3-4, and they must decode to a valid U-label.
            return label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)
                && Punycode.TryDecode(label[4..], out var unicode)
                && unicode.Length > 0
                && IdnaRules.IsValidULabel(unicode);
        }

        return true;
    }
}
