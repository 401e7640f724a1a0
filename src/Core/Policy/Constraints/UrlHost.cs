using System.Globalization;
using System.Net;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>The parts of a URL the check judges, read from the text itself (never through DNS).</summary>
/// <param name="Scheme">Lower case.</param>
/// <param name="Host">A lower-case ASCII name without a trailing dot, or an address in canonical form.</param>
/// <param name="Address">The address when the host is one (in any encoding), else null.</param>
/// <param name="Port">The explicit port, else the scheme's default (-1 when it has none).</param>
internal sealed record UrlHost(string Scheme, string Host, IPAddress? Address, int Port)
{
    /// <summary>Reads <c>scheme://host[:port]</c>; refuses what cannot be read one way only.</summary>
    public static (UrlHost? Url, CheckFailure? Failure) Parse(string text, IReadOnlyList<string> schemes)
    {
        if (text.Any(c => c <= ' ' || c == '\u007f' || c == '\\'))
        {
            return Fail("invalid-characters", "spaces, control characters and backslashes are refused");
        }

        var colon = text.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(text[0]) || !text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            return Fail("not-a-url", "expected an absolute URL");
        }

        var scheme = text[..colon].ToLowerInvariant();
        if (!schemes.Contains(scheme, StringComparer.Ordinal))
        {
            return Fail("scheme", $"the scheme must be one of {string.Join(", ", schemes)}");
        }

        if (!text.AsSpan(colon + 1).StartsWith("//"))
        {
            return Fail("not-a-url", "expected scheme://host");
        }

        var rest = text[(colon + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        if (authority.Contains('@'))
        {
            return Fail("userinfo", "user names and passwords in URLs are refused");
        }

        var (hostText, portText) = SplitPort(authority);
        if (hostText is null)
        {
            return Fail("not-a-url", "cannot read the host and port");
        }

        int port = DefaultPort(scheme);
        if (portText is { Length: > 0 })
        {
            if (portText.Length > 5 || !portText.All(char.IsAsciiDigit) || (port = int.Parse(portText, CultureInfo.InvariantCulture)) > 65535)
            {
                return Fail("invalid-port", "the port must be a number from 0 to 65535");
            }
        }

        if (hostText.Contains('%'))
        {
            return Fail("encoded-host", "percent-encoded hosts (and IPv6 zone ids) are refused");
        }

        var (host, address, failure) = hostText.StartsWith('[') ? Bracketed(hostText) : Named(hostText);
        return failure is { } f ? (null, f) : (new UrlHost(scheme, host!, address, port), null);
    }

    private static (string? Host, string? Port) SplitPort(string authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0 || (close + 1 < authority.Length && authority[close + 1] != ':'))
            {
                return (null, null);
            }

            return (authority[..(close + 1)], close + 1 < authority.Length ? authority[(close + 2)..] : null);
        }

        var colon = authority.IndexOf(':');
        if (colon >= 0 && authority.IndexOf(':', colon + 1) >= 0)
        {
            return (null, null);
        }

        return colon < 0 ? (authority, null) : (authority[..colon], authority[(colon + 1)..]);
    }

    private static (string?, IPAddress?, CheckFailure?) Bracketed(string text)
    {
        var inner = text[1..^1];
        if (inner.Length == 0 || !inner.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            || !IPAddress.TryParse(inner, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return (null, null, new CheckFailure("invalid-host", "not an IPv6 address"));
        }

        return (address.ToString(), address, null);
    }

    private static (string?, IPAddress?, CheckFailure?) Named(string text)
    {
        // Parsers map look-alikes differently (fullwidth digits, ideographic full stops, mathematical letters all become
        // ASCII under IDNA): international names are accepted only in their ASCII (xn--) form.
        if (!text.All(char.IsAscii))
        {
            return (null, null, new CheckFailure("non-ascii-host", "write international host names in their xn-- form"));
        }

        var host = text.ToLowerInvariant();
        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }

        if (host.Length is 0 or > 253 || host.Split('.').Any(l => l.Length is 0 or > 63) || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            return (null, null, new CheckFailure("invalid-host", "not a valid host name"));
        }

        if (!Ipv4Text.LooksNumeric(host))
        {
            return (host, null, null);
        }

        if (Ipv4Text.Parse(host) is not { } number)
        {
            return (null, null, new CheckFailure("invalid-host", "a host ending in a number must be an IPv4 address"));
        }

        var address = new IPAddress([(byte)(number >> 24), (byte)(number >> 16), (byte)(number >> 8), (byte)number]);
        return (address.ToString(), address, null);
    }

    private static int DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        "ftp" => 21,
        _ => -1,
    };

    private static (UrlHost?, CheckFailure?) Fail(string reason, string detail) => (null, new CheckFailure(reason, detail));
}
