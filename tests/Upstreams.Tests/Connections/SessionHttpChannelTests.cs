using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Tests.Common;
using McpGateway.Upstreams.Connections;

namespace McpGateway.Upstreams.Tests.Connections;

/// <summary>
/// The channel for calls on a stateful backend's shared session, against a real HTTP server on loopback: it sends the
/// session's headers, returns at the response's own event (the stream may stay open), hands what comes before it to the
/// handler in order, and throws on a session the backend no longer knows.
/// </summary>
public sealed class SessionHttpChannelTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly HttpListener _listener = new();
    private readonly Uri _endpoint;

    public SessionHttpChannelTests()
    {
        var prefix = $"http://127.0.0.1:{FreePort.Next()}/";
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _endpoint = new Uri(prefix + "mcp");
    }

    public void Dispose()
    {
        _http.Dispose();
        _listener.Close();
    }

    private sealed class RecordingHandler() : SessionStreamHandler("b")
    {
        public List<string> Seen { get; } = [];

        public override ValueTask OnNotificationAsync(string method, JsonObject parameters)
        {
            Seen.Add($"{method} {parameters.ToJsonString()}");
            return ValueTask.CompletedTask;
        }

        public override void OnRequest(JsonObject request) => Seen.Add("request " + request["method"]);
    }

    private Task<BackendResponse> SendAsync(RecordingHandler handler, string? sessionId = "s-1") =>
        new SessionHttpChannel(_http, _endpoint, new Dictionary<string, string> { ["X-Extra"] = "1" })
            .SendAsync("tools/call", new JsonObject { ["name"] = "echo" }, "gw-7", sessionId, "2025-11-25", handler, CancellationToken.None);

    private static async Task WriteEventAsync(HttpListenerResponse response, string json)
    {
        await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes($"event: message\ndata: {json}\n\n"));
        await response.OutputStream.FlushAsync();
    }

    [Fact]
    public async Task ReturnsAtTheResponsesEvent_WhileTheStreamStaysOpen_AfterHandingOnWhatCameBefore()
    {
        var handler = new RecordingHandler();
        var sending = SendAsync(handler);
        var context = await _listener.GetContextAsync();
        var request = JsonNode.Parse(context.Request.InputStream)!;
        Assert.Equal("s-1", context.Request.Headers["Mcp-Session-Id"]);
        Assert.Equal("2025-11-25", context.Request.Headers["MCP-Protocol-Version"]);
        Assert.Equal("1", context.Request.Headers["X-Extra"]);
        Assert.Equal("gw-7", request["id"]!.GetValue<string>());
        Assert.Equal("echo", request["params"]!["name"]!.GetValue<string>());

        context.Response.ContentType = "text/event-stream";
        context.Response.SendChunked = true;
        await WriteEventAsync(context.Response, """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":1}}""");
        await WriteEventAsync(context.Response, """{"jsonrpc":"2.0","id":"srv-1","method":"ping"}""");
        await WriteEventAsync(context.Response, """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"x"}}""");
        await WriteEventAsync(context.Response, """{"jsonrpc":"2.0","id":"gw-7","result":{"content":[{"type":"text","text":"hi"}]}}""");

        // The stream is still open: the call is answered all the same.
        var response = await sending.WaitAsync(TimeSpan.FromSeconds(30));
        context.Response.Close();

        Assert.True(response.IsSuccess);
        Assert.Equal("""{"content":[{"type":"text","text":"hi"}]}""", response.Result!.ToJsonString());
        Assert.Equal(
            [
                """notifications/progress {"progressToken":"t","progress":1}""",
                "request ping",
                """notifications/message {"level":"info","data":"x"}""",
            ],
            handler.Seen);
    }

    [Fact]
    public async Task AJsonAnswer_AndTheBackendsError_ComeBackAsData()
    {
        async Task<BackendResponse> AnswerAsync(string body)
        {
            var sending = SendAsync(new RecordingHandler(), sessionId: null);
            var context = await _listener.GetContextAsync();
            Assert.Null(context.Request.Headers["Mcp-Session-Id"]);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
            return await sending;
        }

        var result = await AnswerAsync("""{"jsonrpc":"2.0","id":"gw-7","result":{"ok":true}}""");
        Assert.Equal("""{"ok":true}""", result.Result!.ToJsonString());

        var failure = (await AnswerAsync("""{"jsonrpc":"2.0","id":"gw-7","error":{"code":-32602,"message":"bad","data":{"f":1}}}""")).Failure!;
        Assert.Equal((BackendFailureKind.Error, "bad", -32602), (failure.Kind, failure.Message, failure.Code));
        Assert.Equal("""{"f":1}""", failure.Data!.ToJsonString());
    }

    [Fact]
    public async Task ASessionTheBackendNoLongerKnows_Throws()
    {
        var sending = SendAsync(new RecordingHandler());
        var context = await _listener.GetContextAsync();
        context.Response.StatusCode = 404;
        context.Response.Close();

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => sending);
        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
    }

    [Fact]
    public async Task AStreamThatEndsWithoutTheResponse_IsAProtocolFailure()
    {
        var sending = SendAsync(new RecordingHandler());
        var context = await _listener.GetContextAsync();
        context.Response.ContentType = "text/event-stream";
        await WriteEventAsync(context.Response, """{"jsonrpc":"2.0","id":"gw-6","result":{}}""");
        context.Response.Close();

        var failure = (await sending).Failure!;
        Assert.Equal(BackendFailureKind.Protocol, failure.Kind);
    }
}
