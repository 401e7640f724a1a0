using System.Net;
using System.Net.Sockets;
using McpGateway.Edge.Hosting;
using McpGateway.Silo;

namespace McpGateway.Edge.Cli;

/// <summary>
/// Refuses to start a node on PostgreSQL whose silo port another process on this host already listens on. Orleans
/// itself would start, and the two silos, advertising one address and port, would take each other for an older clone
/// of themselves: each new one declares the previous one dead, which stops it (see docs/cluster.md). Embedded nodes
/// take a free loopback port and need no check.
/// </summary>
internal static class SiloPortCheck
{
    public const int ExitCode = 1;

    /// <summary>Why the node cannot start, or null when the port is free.</summary>
    public static string? Problem(GatewayOptions options)
    {
        if (options.Database is null)
        {
            return null;
        }

        var port = options.Silo.SiloPort ?? SiloSettings.DefaultClusterPort;
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return $"the silo port {port} (GATEWAY_SILO_PORT) is {(e.SocketErrorCode == SocketError.AccessDenied ? "not open to this process" : "already in use on this host")}: "
                + "every node on one host needs a port of its own";
        }
    }
}
