using System.Net.Sockets;
using System.Text;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>
/// A body trickled at any rate is cut at the body-read deadline (408), and connections over the cap are not served
/// (issue 14), with real sockets against a real node.
/// </summary>
public sealed class BodyAndConnectionBoundsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/invoke")]
    [InlineData("/admin/approvals/nope/approve")]
    public async Task ChunkedBody_TrickledFasterThanKestrelsMinimumRate_IsCutAtTheDeadline_With408(string path)
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_BODY_READ_TIMEOUT_SECONDS"] = "1.5" });
        using var socket = await ConnectAsync(gateway);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{gateway.BaseAddress.Port}\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));

        // 50 bytes every 100 ms (500 B/s, above Kestrel's 240 B/s minimum) until the node answers: a body without end.
        var answer = ReadAllAsync(socket);
        using var cts = new CancellationTokenSource(Deadline);
        var chunk = Encoding.ASCII.GetBytes("32\r\n" + "{\"a\":\"" + new string(' ', 42) + "\",\r\n");
        try
        {
            while (!answer.IsCompleted)
            {
                await socket.SendAsync(chunk, SocketFlags.None, cts.Token);
                await Task.Delay(100, cts.Token);
            }
        }
        catch (SocketException)
        {
            // The node closed the connection after answering.
        }

        var text = await answer.WaitAsync(Deadline);
        Assert.StartsWith("HTTP/1.1 408", text, StringComparison.Ordinal);
        Assert.Contains("Connection: close", text, StringComparison.OrdinalIgnoreCase);

        using var http = new HttpClient();
        Assert.True((await http.GetAsync(new Uri(gateway.BaseAddress, "/health/live"))).IsSuccessStatusCode);
    }

    [Fact]
    public async Task McpPost_CutAtTheDeadline_AnswersTheJsonRpcShape()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_BODY_READ_TIMEOUT_SECONDS"] = "1" });
        using var socket = await ConnectAsync(gateway);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{gateway.BaseAddress.Port}\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\nContent-Length: 100000\r\n\r\n{\"jsonrpc\":\"2.0\","));

        var text = await ReadAllAsync(socket).WaitAsync(Deadline);

        Assert.StartsWith("HTTP/1.1 408", text, StringComparison.Ordinal);
        Assert.Contains("\"code\":-32600", text, StringComparison.Ordinal);
        Assert.Contains("Request Timeout: the body was not received within 1 s", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_ReceivedWithinTheDeadline_IsServed()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_BODY_READ_TIMEOUT_SECONDS"] = "1" });
        using var raw = new RawMcp(gateway.McpEndpoint);

        var session = await RawSession.OpenAsync(raw);
        var (status, body, _) = await raw.SendAsync(session.Echo(raw, new string('b', 1_000_000)));

        Assert.Equal(200, status);
        Assert.Equal(1_000_000, RawSession.ResultText(body)!.Length);
    }

    [Fact]
    public async Task Connections_OverTheCap_AreNotServed_UntilOneCloses()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_MAX_CONNECTIONS"] = "2" });
        using var first = await ConnectAsync(gateway);
        using var second = await ConnectAsync(gateway);
        Assert.StartsWith("HTTP/1.1 200", await GetLiveAsync(first, gateway), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", await GetLiveAsync(second, gateway), StringComparison.Ordinal);

        using (var third = await ConnectAsync(gateway))
        {
            Assert.Equal(string.Empty, await GetLiveAsync(third, gateway));
        }

        first.Close();
        await Eventually.UntilAsync(
            async () =>
            {
                using var next = await ConnectAsync(gateway);
                return (await GetLiveAsync(next, gateway)).StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
            },
            "a new connection served once one closed",
            Deadline);
        Assert.StartsWith("HTTP/1.1 200", await GetLiveAsync(second, gateway), StringComparison.Ordinal);
    }

    private static async Task<Socket> ConnectAsync(GatewayHost gateway)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", gateway.BaseAddress.Port);
        return socket;
    }

    /// <summary>One keep-alive <c>GET /health/live</c>: the response head and body, or "" when the node closed the connection instead.</summary>
    private static async Task<string> GetLiveAsync(Socket socket, GatewayHost gateway)
    {
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1:{gateway.BaseAddress.Port}\r\n\r\n"), SocketFlags.None, cts.Token);
            var received = new StringBuilder();
            var buffer = new byte[4096];
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    return received.ToString();
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = received.ToString();
                var head = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (head > 0 && (ContentLength(text[..head]) is { } length
                    ? text.Length - head - 4 >= length
                    : text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)))
                {
                    return text;
                }
            }
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }

    private static int? ContentLength(string head) =>
        head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } line
            ? int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Everything the node sends until it closes the connection.</summary>
    private static async Task<string> ReadAllAsync(Socket socket)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
        }

        return received.ToString();
    }
}
