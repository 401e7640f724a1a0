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
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

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
            Assert.Equal(LegacySseHandler.StreamOverloaded, RawMcp.ErrorCode(body));
            Assert.Contains("Stream overloaded", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(4, body["id"]!.GetValue<int>());

            // The slow consumer is disconnected: its stream ends, and with it the session.
            await ReadToEndAsync(stream.Reader);
            await WaitUntilAsync(async () => (await raw.SendAsync(raw.Post(Call(5, "rec.whoami")))).Status == 404);
        }
        finally
        {
            backend.Release.TrySetResult();
        }

        // The node serves others as before.
        await using var other = await LegacyStream.OpenAsync(http, gateway.BaseAddress);
        using var otherRaw = new RawMcp(new Uri(gateway.BaseAddress, other.Endpoint));
        Assert.Equal(202, (await otherRaw.SendAsync(otherRaw.Post(Call(1, "rec.whoami")))).Status);
        Assert.Contains("\"recorded\"", await NextDataAsync(other.Reader), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegacyStream_NeverRead_WithManyLargeAnswers_KeepsTheNodesMemoryBounded_AndRefusesTheRest()
    {
        const int Posts = 100;
        var message = new string('x', 256 * 1024);
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string>
        {
            ["GATEWAY_STREAM_MAX_PENDING_MESSAGES"] = "8",
            ["GATEWAY_STREAM_MAX_PENDING_BYTES"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await gateway.WaitForToolAsync("hello.echo", new CancellationTokenSource(Deadline).Token);

        // A real client with a small receive window that reads the endpoint event and then nothing more.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", gateway.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /sse HTTP/1.1\r\nHost: 127.0.0.1:{gateway.BaseAddress.Port}\r\nAccept: text/event-stream\r\n\r\n"));
        var endpoint = await ReadEndpointAsync(socket);
        using var raw = new RawMcp(new Uri(gateway.BaseAddress, endpoint));
        Assert.Equal(202, (await raw.SendAsync(raw.Post(Call(0, "initialize", new JsonObject { ["protocolVersion"] = "2024-11-05", ["capabilities"] = new JsonObject() })))).Status);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var statuses = new List<int>();
        for (var id = 1; id <= Posts; id++)
        {
            statuses.Add((await raw.SendAsync(raw.Post(Call(id, "hello.echo", new JsonObject { ["message"] = message })))).Status);
        }

        // Each answer is over half a megabyte (text and structured content): about 50 MB were owed to a client that
        // reads nothing; the node keeps at most the cap (and what calls under way hold), then lets go of it.
        Assert.True(statuses.Count(s => s == 202) < Posts, $"every post was accepted: {string.Join(',', statuses)}");
        var firstRefusal = statuses.First(s => s != 202);
        Assert.True(firstRefusal is 503 or 404, $"refused with {firstRefusal}");
        Assert.All(statuses.SkipWhile(s => s == 202), s => Assert.True(s is 503 or 404, $"after the refusal: {s}"));
        const long Bound = 12L * 1024 * 1024;
        await WaitUntilAsync(() => Task.FromResult(GC.GetTotalMemory(forceFullCollection: true) - before < Bound));

        // The node closed the connection of the client that did not read.
        await ReadToEndAsync(socket);
        using var health = new HttpClient();
        Assert.True((await health.GetAsync(new Uri(gateway.BaseAddress, "/health/live"))).IsSuccessStatusCode);
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

    private static string Call(int id, string nameOrMethod, JsonObject? parameters = null)
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
    private static async Task<string> ReadEndpointAsync(Socket socket)
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

    private static async Task ReadToEndAsync(Socket socket)
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

    private static async Task ReadToEndAsync(StreamReader reader)
    {
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            while (await reader.ReadLineAsync(cts.Token) is not null)
            {
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // Aborted by the node: closed as well.
        }
    }

    private static async Task<string> NextDataAsync(StreamReader reader)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException("the stream ended");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            await Task.Delay(100, cts.Token);
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
