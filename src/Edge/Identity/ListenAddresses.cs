using System.Net;

namespace McpGateway.Edge.Identity;

/// <summary>Tells whether listen URLs are reachable only from this machine.</summary>
public static class ListenAddresses
{
    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    public static bool AreAllLoopback(IEnumerable<string> urls) => urls.All(IsLoopback);
}
