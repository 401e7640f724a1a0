using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Tests.Common;
using McpGateway.Upstreams.Connections;

namespace McpGateway.Upstreams.Tests.Connections;

/// <summary>
/// The stateless channel against a real HTTP server on loopback: whatever the backend answers comes back as data (its
/// result, or a typed failure), and only a connection that cannot be made is thrown (the connection's caller maps it).
/// </summary>
public sealed class StatelessHttpChannelTests : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    /// <summary>Serves one request with <paramref name="status"/>, <paramref name="contentType"/> and <paramref name="body"/> ("{id}" is the request's id).</summary>
    private static async Task<BackendResponse> SendAsync(HttpClient http, int status, string contentType, string body)
    {
        var prefix = $"http://127.0.0.1:{FreePort.Next()}/";
        using var listener = new HttpListener();
        listener.Prefixes.Add(prefix);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var request = JsonNode.Parse(context.Request.InputStream)!;
            var bytes = Encoding.UTF8.GetBytes(body.Replace("{id}", request["id"]!.ToJsonString(), StringComparison.Ordinal));
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });

        var channel = new StatelessHttpChannel(http, new Uri(prefix + "mcp"), new Dictionary<string, string>(), "b");
        var response = await channel.SendAsync("tools/call", new JsonObject { ["name"] = "echo" }, [], null, null, CancellationToken.None);
        await serving;
        return response;
    }

    [Fact]
    public async Task AResult_ComesBackAsIs()
    {
        var response = await SendAsync(_http, 200, "application/json", """{"jsonrpc":"2.0","id":{id},"result":{"content":[],"structuredContent":{"n":1}}}""");
        Assert.True(response.IsSuccess);
        Assert.Equal("""{"content":[],"structuredContent":{"n":1}}""", response.Result.ToJsonString());
    }

    [Fact]
    public async Task AResultInAnEventStream_ComesBackAsIs()
    {
        var response = await SendAsync(_http, 200, "text/event-stream",
            "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{\"ok\":true}}\n\n");
        Assert.Equal("""{"ok":true}""", response.Result?.ToJsonString());
    }

    [Fact]
    public async Task TheBackendsJsonRpcError_IsAnErrorFailure_WithItsCodeAndData()
    {
        var failure = (await SendAsync(_http, 200, "application/json", """{"jsonrpc":"2.0","id":{id},"error":{"code":-32001,"message":"Row not found","data":{"table":"t"}}}""")).Failure!;
        Assert.Equal((BackendFailureKind.Error, "Row not found", -32001), (failure.Kind, failure.Message, failure.Code));
        Assert.Equal("""{"table":"t"}""", failure.Data?.ToJsonString());
    }

    [Fact]
    public async Task AServerErrorWithoutJsonRpc_IsUnreachable()
    {
        var failure = (await SendAsync(_http, 503, "text/plain", "overloaded")).Failure!;
        Assert.Equal((BackendFailureKind.Unreachable, "Backend 'b' answered HTTP 503 without a JSON-RPC response"), (failure.Kind, failure.Message));
    }

    [Fact]
    public async Task AnyOtherAnswerWithoutJsonRpc_IsAProtocolFailure()
    {
        var failure = (await SendAsync(_http, 404, "text/html", "<html>not here</html>")).Failure!;
        Assert.Equal((BackendFailureKind.Protocol, "Backend 'b' answered HTTP 404 without a JSON-RPC response"), (failure.Kind, failure.Message));

        var garbled = (await SendAsync(_http, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":{id},\"res")).Failure!;
        Assert.Equal(BackendFailureKind.Protocol, garbled.Kind);
    }

    [Fact]
    public async Task ABackendNobodyListensOn_Throws_ForTheConnectionToMap()
    {
        var channel = new StatelessHttpChannel(_http, new Uri($"http://127.0.0.1:{FreePort.Next()}/mcp"), new Dictionary<string, string>(), "b");
        await Assert.ThrowsAsync<HttpRequestException>(() => channel.SendAsync("tools/call", new JsonObject(), [], null, null, CancellationToken.None));
    }
}
