using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace McpGateway.Tests.Common;

/// <summary>
/// A loopback TCP port nobody listens on now and nobody else will be given until this test process ends, for a child
/// process or server to bind later. Asking the kernel for port 0 and closing the listener is not enough: between that
/// and the child's bind, the kernel may hand the same port to anyone else (the next port-0 listener of any process, an
/// outgoing connection's local port), and the child fails with "address already in use". So the ports come from outside
/// the kernel's ephemeral range (which it never hands out on its own), and each is reserved across processes by an
/// exclusive lock on a file named after it in a folder shared by every test process of this machine (released when the
/// holding process exits, however it exits). Within a process a port is never handed out twice.
/// </summary>
public static class FreePort
{
    private const int Lowest = 15000;

    private static readonly Lock Gate = new();
    private static readonly List<FileStream> Reservations = [];
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "mcpgw-test-ports");
    private static readonly (int First, int Last) Range = OwnRange();
    private static int _next = Range.First + Random.Shared.Next(Range.Last - Range.First + 1);

    /// <summary>The folder of the reservations: one file per port, locked by the process it was handed out to.</summary>
    public static string ReservationFolder => Folder;

    public static int Next()
    {
        lock (Gate)
        {
            Directory.CreateDirectory(Folder);
            for (var tried = 0; tried <= Range.Last - Range.First; tried++)
            {
                var port = _next;
                _next = _next >= Range.Last ? Range.First : _next + 1;
                if (TryReserve(port) is { } reservation)
                {
                    Reservations.Add(reservation);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port is left in {Range.First}–{Range.Last} (reservations in {Folder}).");
    }

    /// <summary>The lock on the port's file, if no other process holds it and the port is not bound by anyone.</summary>
    private static FileStream? TryReserve(int port)
    {
        FileStream reservation;
        try
        {
            // FileShare.None is an exclusive flock on Unix: another process's open fails until this one closes it or exits.
            reservation = new FileStream(Path.Combine(Folder, port.ToString(CultureInfo.InvariantCulture)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // reserved by another test process (or a file of another user)
        }

        if (Bindable(port))
        {
            return reservation;
        }

        reservation.Dispose();
        return null;
    }

    /// <summary>Whether the port can be listened on, on every address (a silo listens on 0.0.0.0, a node on 127.0.0.1).</summary>
    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Ports from 15000 up to the kernel's ephemeral range (Linux: <c>/proc/sys/net/ipv4/ip_local_port_range</c>,
    /// 32768–60999 by default), or above it when it starts too low to leave room below.
    /// </summary>
    private static (int First, int Last) OwnRange()
    {
        var (first, last) = (32768, 60999);
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            (first, last) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux: the default range (macOS uses 49152–65535, above it).
        }

        return first - Lowest >= 2000 ? (Lowest, first - 1)
            : 65535 - last >= 2000 ? (last + 1, 65535)
            : (Lowest, 65535); // no room outside it: reservations still keep test processes apart
    }
}
