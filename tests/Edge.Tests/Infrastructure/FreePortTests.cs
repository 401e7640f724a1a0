using System.Globalization;
using System.Net;
using System.Net.Sockets;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>The test kit's ports: never the kernel's to give away, never handed out twice, reserved across processes.</summary>
public sealed class FreePortTests
{
    [Fact]
    public void Ports_AreDistinct_OutsideTheEphemeralRange_Bindable_AndLockedForOtherProcesses()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        Assert.All(ports, p => Assert.False(p >= range[0] && p <= range[1], $"{p} is in the ephemeral range {range[0]}–{range[1]}"));
        foreach (var port in ports)
        {
            using (var listener = new TcpListener(IPAddress.Loopback, port))
            {
                listener.Start();
            }

            // Another process asking for this port (an exclusive lock on its file) is refused while this one lives.
            Assert.Throws<IOException>(() => new FileStream(Path.Combine(FreePort.ReservationFolder, port.ToString(CultureInfo.InvariantCulture)), FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        }
    }
}
