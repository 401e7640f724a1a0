using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// <c>type: url</c>: an absolute URL with a scheme of <c>schemes</c> (default http, https), a host matching
/// <c>hosts</c> (when given: <c>example.com</c> exactly, <c>*.example.com</c> any subdomain) and a port of
/// <c>ports</c> (when given). Loopback, private, link-local and other non-public addresses are refused in every
/// spelling (<c>2130706433</c>, <c>0x7f.1</c>, <c>[::ffff:127.0.0.1]</c>...), as are <c>localhost</c> names,
/// user info (<c>http://good@evil</c>), percent-encoded hosts, non-ASCII hosts (fullwidth digits and other look-alikes
/// that parsers map differently; international names pass in their <c>xn--</c> form) and anything
/// <see cref="Uri"/> reads differently (a second opinion). Host names are judged as written, not resolved: list
/// the hosts a tool may reach to rule out names that point inside.
/// </summary>
public sealed record UrlCheck(IReadOnlyList<string> Schemes, IReadOnlyList<string>? Hosts, IReadOnlyList<int>? Ports, bool AllowPrivate) : IValueCheck
{
    public const int MaxLength = 8192;

    public string Type => "url";

    public CheckFailure? Check(JsonNode? value)
    {
        if (value is not JsonValue json || json.GetValueKind() != JsonValueKind.String)
        {
            return new CheckFailure("not-a-string", $"expected a URL string, got {Describe.Kind(value)}");
        }

        var text = json.GetValue<string>();
        if (text.Length > MaxLength)
        {
            return new CheckFailure("too-long", $"at most {MaxLength} characters are allowed");
        }

        var (url, failure) = UrlHost.Parse(text, Schemes);
        if (url is null)
        {
            return failure;
        }

        if (!AllowPrivate && NonPublic(url) is { } kind)
        {
            return new CheckFailure("private-address", $"the host is a {kind} address");
        }

        if (Hosts is not null && !Hosts.Any(pattern => HostMatches(pattern, url.Host)))
        {
            return new CheckFailure("host-not-allowed", "the host is not in the allowed hosts");
        }

        if (Ports is not null && !Ports.Contains(url.Port))
        {
            return new CheckFailure("port-not-allowed", $"the port must be one of {string.Join(", ", Ports)}");
        }

        return SameAsUri(text, url) ? null : new CheckFailure("ambiguous", "the URL reads differently to different parsers");
    }

    private static string? NonPublic(UrlHost url)
    {
        if (url.Address is { } address)
        {
            return AddressClass.NonPublic(address);
        }

        return url.Host is "localhost" or "localhost.localdomain" or "ip6-localhost" or "ip6-loopback" || url.Host.EndsWith(".localhost", StringComparison.Ordinal)
            ? "loopback (localhost)"
            : null;
    }

    private static bool HostMatches(string pattern, string host) =>
        pattern == "*" || pattern == host || (pattern.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(pattern[1..], StringComparison.Ordinal));

    /// <summary>Whether .NET's own parser sees the same host and port: a disagreement means a trick.</summary>
    private static bool SameAsUri(string text, UrlHost url)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || (url.Port >= 0 && uri.Port != url.Port))
        {
            return false;
        }

        if (url.Address is { } address)
        {
            return uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
                && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) && parsed.Equals(address);
        }

        return string.Equals(uri.IdnHost.TrimEnd('.'), url.Host, StringComparison.OrdinalIgnoreCase);
    }
}
