namespace McpGateway.JsonSchema.Formats;

/// <summary>RFC 5321 mailbox (<c>email</c>) and its RFC 6531 internationalised form (<c>idn-email</c>).</summary>
internal static class EmailFormat
{
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";

    public static bool IsEmail(string value) => IsMailbox(value, international: false);

    public static bool IsIdnEmail(string value) => IsMailbox(value, international: true);

    private static bool IsMailbox(string value, bool international)
    {
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            return false;
        }

        var local = value.AsSpan(0, at);
        var domain = value[(at + 1)..];
        return IsLocalPart(local, international) && IsDomain(domain, international);
    }

    private static bool IsLocalPart(ReadOnlySpan<char> local, bool international)
    {
        if (local.Length >= 2 && local[0] == '"' && local[^1] == '"')
        {
            var quoted = local[1..^1];
            for (var i = 0; i < quoted.Length; i++)
            {
                var c = quoted[i];
                if (c == '\\')
                {
                    if (++i >= quoted.Length)
                    {
                        return false;
                    }
                }
                else if (c == '"' || (c < 32 && c != '\t') || (c > 126 && !international))
                {
                    return false;
                }
            }

            return true;
        }

        if (local[0] == '.' || local[^1] == '.' || local.IndexOf("..") >= 0)
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || AtomSpecials.Contains(c) || (international && c > 127)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDomain(string domain, bool international)
    {
        if (domain.StartsWith('[') && domain.EndsWith(']'))
        {
            var literal = domain.AsSpan(1, domain.Length - 2);
            return literal.StartsWith("IPv6:", StringComparison.Ordinal)
                ? IpAddressFormats.IsIPv6(literal[5..])
                : IpAddressFormats.IsIPv4(literal);
        }

        return international ? HostnameFormat.IsIdnHostname(domain) : HostnameFormat.IsHostname(domain);
    }
}
