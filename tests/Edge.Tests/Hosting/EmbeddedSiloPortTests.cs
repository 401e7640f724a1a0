using System.Net;
using System.Net.Sockets;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Orleans.Runtime;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>
/// The embedded engine's silo port (<c>GATEWAY_SILO_PORT</c> unset): picked free before the start, and picked again
/// when another process took it before the silo bound it (<see cref="GatewayStart"/>).
/// </summary>
public sealed class EmbeddedSiloPortTests
{
    [Fact]
    public async Task APickedPortTakenBeforeTheSiloBindsIt_TheNodeStartsOnAnotherPort_AndServes()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var taken = ((IPEndPoint)other.LocalEndpoint).Port;
        var picks = new List<int>();
        int Pick()
        {
            picks.Add(picks.Count == 0 ? taken : FreePort.Next());
            return picks[^1];
        }

        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), siloPorts: Pick);

        Assert.Equal(2, picks.Count);
        Assert.Equal(taken, picks[0]);
        Assert.Equal(picks[1], gateway.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint.Port);
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("hello.echo", cts.Token);

        // A stateless call (admission through the traffic grains) and one in a session (the session's grain).
        foreach (var revision in new string?[] { null, "2025-11-25" })
        {
            await using var client = await Clients.ConnectAsync(gateway.McpEndpoint, revision, cts.Token);
            var echoed = await client.CallToolAsync("hello.echo", new Dictionary<string, object?> { ["message"] = "on another port" }, cancellationToken: cts.Token);
            Assert.Equal("on another port", Assert.IsType<TextContentBlock>(Assert.Single(echoed.Content)).Text);
        }
    }

    [Fact]
    public async Task EveryPickedPortTaken_TheStartFailsAfterTheLastAttempt_WithTheAddressInUse()
    {
        var others = Enumerable.Range(0, GatewayStart.MaxAttempts + 1).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            others.ForEach(l => l.Start());
            var picks = new Queue<int>(others.Select(l => ((IPEndPoint)l.LocalEndpoint).Port));

            var failure = await Record.ExceptionAsync(() => GatewayHost.StartAsync(GatewayHost.HelloStdio(), siloPorts: picks.Dequeue));

            Assert.NotNull(failure);
            Assert.True(GatewayStart.IsAddressInUse(failure), failure.ToString());
            Assert.Single(picks);
        }
        finally
        {
            others.ForEach(l => l.Dispose());
        }
    }
}
