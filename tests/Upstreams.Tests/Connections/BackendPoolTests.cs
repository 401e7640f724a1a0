using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Upstreams.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Upstreams.Tests.Connections;

public sealed class BackendPoolTests
{
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task SendAsync_ToAnUnconfiguredBackend_IsUnavailable()
    {
        await using var pool = new BackendPool([], new UpstreamOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var failure = (await pool.SendAsync("ghost", "tools/call", new JsonObject(), null, CancellationToken.None)).Failure;
        Assert.Equal(BackendFailureKind.Unreachable, failure?.Kind);
        Assert.Equal("Backend 'ghost' is not configured", failure?.Message);
    }

    [Fact]
    public async Task SendAsync_ToADownBackend_IsUnavailable_AndRetriesOnlyAfterTheBackoff()
    {
        var time = new FakeTimeProvider();
        var backend = new BackendConfig { Name = "down", Transport = BackendTransport.StreamableHttp, Url = new Uri($"http://127.0.0.1:{UnusedPort()}/mcp") };
        await using var pool = new BackendPool([backend], new UpstreamOptions(), NullLoggerFactory.Instance, time);

        var first = (await pool.SendAsync("down", "ping", new JsonObject(), null, CancellationToken.None)).Failure!;
        Assert.Equal(BackendFailureKind.Unreachable, first.Kind);
        Assert.Equal("Backend 'down' is unavailable", first.Message);
        Assert.True(first.Undelivered);
        Assert.True(first.ToGatewayError("down").Undelivered);
        Assert.DoesNotContain("127.0.0.1", first.Message, StringComparison.Ordinal);

        // Within the backoff the pool answers at once without trying to connect.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var second = (await pool.SendAsync("down", "ping", new JsonObject(), null, CancellationToken.None)).Failure;
        Assert.Equal(BackendFailureKind.Unreachable, second?.Kind);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task InactiveBackends_AreNotConnected()
    {
        var backend = new BackendConfig { Name = "off", Transport = BackendTransport.Stdio, Command = ["false"], Active = false };
        await using var pool = new BackendPool([backend], new UpstreamOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var failure = (await pool.SendAsync("off", "ping", new JsonObject(), null, CancellationToken.None)).Failure;
        Assert.Contains("not configured", failure?.Message, StringComparison.Ordinal);
    }
}
