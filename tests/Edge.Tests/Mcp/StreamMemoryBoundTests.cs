using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>A client that never reads its legacy stream cannot make the node hold what is posted for it (issue 14, class 7).</summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class StreamMemoryBoundTests
{
    private static readonly TimeSpan Deadline = StreamBoundsTests.Deadline;

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
        var endpoint = await StreamBoundsTests.ReadEndpointAsync(socket);
        using var raw = new RawMcp(new Uri(gateway.BaseAddress, endpoint));
        Assert.Equal(202, (await raw.SendAsync(raw.Post(StreamBoundsTests.Call(0, "initialize", new JsonObject { ["protocolVersion"] = "2024-11-05", ["capabilities"] = new JsonObject() })))).Status);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var statuses = new List<int>();
        for (var id = 1; id <= Posts; id++)
        {
            statuses.Add((await raw.SendAsync(raw.Post(StreamBoundsTests.Call(id, "hello.echo", new JsonObject { ["message"] = message })))).Status);
        }

        // Each answer is over half a megabyte (text and structured content): about 50 MB were owed to a client that
        // reads nothing; the node keeps at most the cap (and what calls under way hold), then lets go of it.
        Assert.True(statuses.Count(s => s == 202) < Posts, $"every post was accepted: {string.Join(',', statuses)}");
        var firstRefusal = statuses.First(s => s != 202);
        Assert.True(firstRefusal is 503 or 404, $"refused with {firstRefusal}");
        Assert.All(statuses.SkipWhile(s => s == 202), s => Assert.True(s is 503 or 404, $"after the refusal: {s}"));
        const long Bound = 12L * 1024 * 1024;
        await Eventually.UntilAsync(() => GC.GetTotalMemory(forceFullCollection: true) - before < Bound, "the memory to fall back within the bound", StreamBoundsTests.Deadline);

        // The node closed the connection of the client that did not read.
        await StreamBoundsTests.ReadToEndAsync(socket);
        using var health = new HttpClient();
        Assert.True((await health.GetAsync(new Uri(gateway.BaseAddress, "/health/live"))).IsSuccessStatusCode);
    }
}
