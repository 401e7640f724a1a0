using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Undelivered messages per server-to-client stream are bounded in count and bytes (issue 14): a client that does not
/// read is disconnected, posts that would overflow its legacy stream are refused with 503, and the node's memory does
/// not grow with what is sent to it.
/// </summary>
public sealed class StreamBoundsTests
{
    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LegacyPost_BeyondTheUndeliveredAnswersCap_Is503_TheStreamIsClosed_AndTheSessionEnds()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(
            $"  - name: rec\n    transport: streamable-http\n    url: {backend.Endpoint}\n",
            new Dictionary<string, string> { ["GATEWAY_STREAM_MAX_PENDING_MESSAGES"] = "3" });
        using var http = new HttpClient();
        await using var stream = await LegacyStream.OpenAsync(http, gateway.BaseAddress);
        using var raw = new RawMcp(new Uri(gateway.BaseAddress, stream.Endpoint));
        try
        {
            // Three calls held by the backend: their answers are owed to the stream, which is then full.
            for (var id = 1; id <= 3; id++)
            {
                Assert.Equal(202, (await raw.SendAsync(raw.Post(Call(id, "rec.wait")))).Status);
            }

            await backend.WaitArrived.Task.WaitAsync(Deadline);
            var (status, body, _) = await raw.SendAsync(raw.Post(Call(4, "rec.whoami")));

            Assert.Equal(503, status);
            Assert.Equal(JsonRpcErrors.StreamOverloaded, RawMcp.ErrorCode(body));
            Assert.Contains("Stream overloaded", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(4, body["id"]!.GetValue<int>());

            // The slow consumer is disconnected: its stream ends, and with it the session.
            await stream.Events.ReadToEndAsync(Deadline);
            await Eventually.UntilAsync(async () => (await raw.SendAsync(raw.Post(Call(5, "rec.whoami")))).Status == 404, "the disconnected session to end (404)", Deadline);
        }
        finally
        {
            backend.Release.TrySetResult();
        }

        // The node serves others as before.
        await using var other = await LegacyStream.OpenAsync(http, gateway.BaseAddress);
        using var otherRaw = new RawMcp(new Uri(gateway.BaseAddress, other.Endpoint));
        Assert.Equal(202, (await otherRaw.SendAsync(otherRaw.Post(Call(1, "rec.whoami")))).Status);
        Assert.Contains("\"recorded\"", (await NextAnswerAsync(other.Events, 1)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionStream_NeverRead_IsDisconnectedAtTheCap_FreesTheStreamSlot_AndTheSessionLivesOn()
    {
        var recording = new Identity.RecordingServices();
        await using var gateway = await GatewayHost.StartAsync(
            GatewayHost.HelloStdio(),
            new Dictionary<string, string>
            {
                ["GATEWAY_STREAM_MAX_PENDING_MESSAGES"] = "16",
                ["GATEWAY_STREAM_MAX_PENDING_BYTES"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            services: recording.Register);
        using var raw = new RawMcp(gateway.McpEndpoint);
        var session = await RawSession.OpenAsync(raw);

        // GET /mcp from a real client with a small receive window that reads the response head and nothing more.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", gateway.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:{gateway.BaseAddress.Port}\r\nAccept: text/event-stream\r\n"
            + $"Mcp-Session-Id: {session.Id}\r\nMCP-Protocol-Version: {RawSession.Revision}\r\n\r\n"));
        await ReadHeadAsync(socket);

        // Server-initiated messages for the session (as relayed backend log messages are): 200 of 100 KB, 20 MB in all.
        var streams = gateway.Services.GetRequiredService<SessionStreams>();
        var payload = new string('l', 100 * 1024);
        for (var i = 0; i < 200 && streams.Count > 0; i++)
        {
            streams.NotifySessions((id, _, _) => id == session.Id, "notifications/message", new JsonObject { ["level"] = "info", ["data"] = payload });
            await Task.Yield();
        }

        // Disconnected by the bound (not by a timeout): the node says so.
        await ReadToEndAsync(socket);
        await Eventually.UntilAsync(() => streams.Count == 0, "no open stream left", Deadline);
        Assert.Contains(recording.LogLines, l => l.Contains("Session stream (GET /mcp) disconnected", StringComparison.Ordinal));

        // The slot is free again, and the session itself goes on.
        using var http = new HttpClient();
        using var again = new HttpRequestMessage(HttpMethod.Get, gateway.McpEndpoint);
        again.Headers.Add("Accept", "text/event-stream");
        again.Headers.Add("Mcp-Session-Id", session.Id);
        again.Headers.Add("MCP-Protocol-Version", RawSession.Revision);
        using var reopened = await http.SendAsync(again, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)reopened.StatusCode);
        var (status, body, _) = await raw.SendAsync(session.Echo(raw, "still here"));
        Assert.Equal(200, status);
        Assert.Equal("still here", RawSession.ResultText(body));
    }

    [Fact]
    public async Task SseStream_WhoseClientTakesNothing_IsDisconnectedAtTheCap_AndDropsWhatWaited()
    {
        var body = new StalledBody();
        var lifetime = new RecordingLifetime();
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection()
                .AddSingleton(new GatewayOptions { Clients = new ClientBounds { StreamMaxPendingMessages = 3, StreamMaxPendingBytes = 1024 * 1024 } })
                .BuildServiceProvider(),
        };
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        context.Response.Body = body;
        var stream = new SseStream(context.Response);

        var first = stream.WriteMessageAsync(Notification());
        await body.WriteStarted.Task.WaitAsync(Deadline);
        var waiting = new[] { stream.WriteMessageAsync(Notification()), stream.WriteMessageAsync(Notification()) };
        Assert.Equal(3, stream.PendingMessages);
        Assert.False(stream.Overflowed);

        Assert.False(await stream.WriteMessageAsync(Notification()));

        Assert.True(stream.Overflowed);
        Assert.True(lifetime.Aborted);
        Assert.False(await first.WaitAsync(Deadline));
        Assert.All(await Task.WhenAll(waiting).WaitAsync(Deadline), Assert.False);
        Assert.Equal(0, stream.PendingMessages);
        Assert.Null(stream.TryReserve());
    }

    [Fact]
    public async Task SseStream_OverTheByteBound_IsDisconnected_ButOneLargeMessageToAnIdleClientGoesOut()
    {
        var body = new StalledBody();
        var lifetime = new RecordingLifetime();
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection()
                .AddSingleton(new GatewayOptions { Clients = new ClientBounds { StreamMaxPendingMessages = 100, StreamMaxPendingBytes = 4096 } })
                .BuildServiceProvider(),
        };
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        context.Response.Body = body;
        var stream = new SseStream(context.Response);

        var large = stream.WriteMessageAsync(Notification(new string('a', 10_000)));
        await body.WriteStarted.Task.WaitAsync(Deadline);
        Assert.False(stream.Overflowed);

        Assert.False(await stream.WriteMessageAsync(Notification("small")));
        Assert.True(stream.Overflowed);
        Assert.True(lifetime.Aborted);
        Assert.False(await large.WaitAsync(Deadline));
    }

    private static JsonObject Notification(string text = "n") => new()
    {
        ["jsonrpc"] = "2.0",
        ["method"] = "notifications/message",
        ["params"] = new JsonObject { ["level"] = "info", ["data"] = text },
    };

    internal static string Call(int id, string nameOrMethod, JsonObject? parameters = null)
    {
        var isTool = nameOrMethod.Contains('.', StringComparison.Ordinal);
        return new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = isTool ? "tools/call" : nameOrMethod,
            ["params"] = isTool ? new JsonObject { ["name"] = nameOrMethod, ["arguments"] = parameters ?? new JsonObject() } : parameters ?? new JsonObject(),
        }.ToJsonString();
    }

    /// <summary>Reads the response head and the <c>endpoint</c> event a few bytes at a time, leaving the rest unread.</summary>
    internal static async Task<string> ReadEndpointAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var received = new StringBuilder();
        var buffer = new byte[64];
        while (true)
        {
            var text = received.ToString();
            var at = text.IndexOf("data: ", StringComparison.Ordinal);
            if (at >= 0 && text.IndexOf('\n', at) is var end and > 0)
            {
                return text[(at + "data: ".Length)..end].Trim();
            }

            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            Assert.True(read > 0, "the stream closed before its endpoint event");
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    /// <summary>Reads up to the end of the response head, a few bytes at a time.</summary>
    private static async Task ReadHeadAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var received = new StringBuilder();
        var buffer = new byte[1];
        while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.True(await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0, "the stream closed before its head");
            received.Append((char)buffer[0]);
        }

        Assert.StartsWith("HTTP/1.1 200", received.ToString(), StringComparison.Ordinal);
    }

    internal static async Task ReadToEndAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // Reset by the node: closed as well.
        }
    }

    /// <summary>The answer to request <paramref name="id"/> (notifications before it are skipped).</summary>
    private static async Task<JsonObject> NextAnswerAsync(SseReader events, int id)
    {
        while (true)
        {
            var message = await events.NextMessageAsync(Deadline);
            if (message["id"]?.GetValue<int>() == id)
            {
                return message;
            }
        }
    }

    /// <summary>A response body whose client takes nothing: every write waits until it is cancelled.</summary>
    private sealed class StalledBody : Stream
    {
        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

        public override void Flush() => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class RecordingLifetime : IHttpRequestLifetimeFeature
    {
        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborted = true;
    }
}
