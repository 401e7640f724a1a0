using System.Net;
using System.Net.Sockets;
using McpGateway.Tests.Common;
using McpGateway.Upstreams.Connections;

namespace McpGateway.Upstreams.Tests.Connections;

/// <summary>
/// A request that never left the node (no connection could be made) is told from one that may have reached its backend,
/// with the exceptions .NET's HTTP stack really throws: a job's call that never got out may then run again.
/// </summary>
public sealed class ConnectFailuresTests
{
    [Fact]
    public async Task AConnectionRefused_WasNeverSent()
    {
        using var http = new HttpClient();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}/mcp")));

        Assert.True(ConnectFailures.NeverSent(refused), refused.ToString());
    }

    [Fact]
    public async Task AConnectionNotMadeWithinTheConnectTimeout_WasNeverSent()
    {
        // A connect that never completes (as on a node whose thread pool is starved past the timeout): the handler's
        // ConnectTimeout ends the request.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(200),
            ConnectCallback = async (_, cancellationToken) =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            },
        })
        { Timeout = Timeout.InfiniteTimeSpan };

        var timedOut = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}/mcp")));

        Assert.True(ConnectFailures.NeverSent(timedOut), timedOut.ToString());
    }

    [Fact]
    public async Task AConnectionCutAfterTheRequestWasSent_MayHaveReachedTheBackend()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();

        // Every connection is reset once its request arrived (the client may try a request again on a new connection).
        var cut = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var accepted = await listener.AcceptTcpClientAsync(stop.Token);
                var buffer = new byte[1024];
                _ = await accepted.GetStream().ReadAsync(buffer, stop.Token);
                accepted.Client.LingerState = new LingerOption(true, 0);
            }
        });
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/mcp")));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cut);

        Assert.False(ConnectFailures.NeverSent(failure), failure.ToString());
    }
}
