using System.Net;
using System.Net.Sockets;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// Which addresses are not public: loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade
/// NAT, unspecified, multicast, broadcast, documentation and reserved ranges. IPv6 addresses that embed an IPv4 one
/// (mapped <c>::ffff:a.b.c.d</c>, compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>) are
/// judged by it; Teredo (<c>2001::/32</c>) hides it and is refused.
/// </summary>
internal static class AddressClass
{
    private static readonly (uint Network, int Prefix, string Name)[] V4 =
    [
        (0x00000000, 8, "this-network"), (0x0A000000, 8, "private"), (0x64400000, 10, "carrier-grade NAT"),
        (0x7F000000, 8, "loopback"), (0xA9FE0000, 16, "link-local"), (0xAC100000, 12, "private"),
        (0xC0000000, 24, "IETF protocol"), (0xC0000200, 24, "documentation"), (0xC0A80000, 16, "private"),
        (0xC6120000, 15, "benchmarking"), (0xC6336400, 24, "documentation"), (0xCB007100, 24, "documentation"),
        (0xE0000000, 4, "multicast"), (0xF0000000, 4, "reserved"),
    ];

    /// <summary>Null for a public address, else what kind of non-public address it is.</summary>
    public static string? NonPublic(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? NonPublicV4(ToUInt32(address)) : NonPublicV6(address.GetAddressBytes());

    public static string? NonPublicV4(uint address)
    {
        foreach (var (network, prefix, name) in V4)
        {
            var mask = uint.MaxValue << (32 - prefix);
            if ((address & mask) == network)
            {
                return name;
            }
        }

        return null;
    }

    private static string? NonPublicV6(byte[] b)
    {
        static uint At(byte[] bytes, int i) => (uint)(bytes[i] << 24 | bytes[i + 1] << 16 | bytes[i + 2] << 8 | bytes[i + 3]);
        bool Zero(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                if (b[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        if (Zero(0, 16))
        {
            return "unspecified";
        }

        if (Zero(0, 15) && b[15] == 1)
        {
            return "loopback";
        }

        if (Zero(0, 10) && b[10] == 0xff && b[11] == 0xff)
        {
            return NonPublicV4(At(b, 12)) is { } mapped ? $"IPv4-mapped {mapped}" : null;
        }

        if (Zero(0, 12))
        {
            return NonPublicV4(At(b, 12)) is { } compatible ? $"IPv4-compatible {compatible}" : null;
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return NonPublicV4(At(b, 12)) is { } nat64 ? $"NAT64 {nat64}" : null;
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return NonPublicV4(At(b, 2)) is { } sixToFour ? $"6to4 {sixToFour}" : null;
        }

        return b switch
        {
            [0x20, 0x01, 0x00, 0x00, ..] => "Teredo",
            [0x20, 0x01, 0x0d, 0xb8, ..] => "documentation",
            [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..] => "discard",
            [var f, ..] when (f & 0xfe) == 0xfc => "unique-local",
            [0xfe, var s, ..] when (s & 0xc0) == 0x80 => "link-local",
            [0xfe, var s, ..] when (s & 0xc0) == 0xc0 => "site-local",
            [0xff, ..] => "multicast",
            _ => null,
        };
    }

    private static uint ToUInt32(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }
}
