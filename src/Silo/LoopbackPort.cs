using System.Net;
using System.Net.Sockets;

namespace McpGateway.Silo;

/// <summary>Loopback TCP ports for the embedded engine's silo, which no other silo ever calls.</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A loopback port free now (the kernel's pick for port 0). Nothing keeps it free until the silo binds it: the node's
    /// start retries on another one when it was taken in between (see docs/cluster.md).
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something listens on (or otherwise holds) <paramref name="port"/> on the loopback address now.</summary>
    public static bool IsTaken(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
