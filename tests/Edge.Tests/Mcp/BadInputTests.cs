using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>Malformed and hostile requests get the right HTTP status and JSON-RPC error, never a 500 or a crash.</summary>
public sealed class BadInputTests(BadInputTests.Fixture fixture) : IClassFixture<BadInputTests.Fixture>, IDisposable
{
    private readonly GatewayHost _gateway = fixture.Gateway;
    private readonly RawMcp _raw = new(fixture.Gateway.McpEndpoint);

    public void Dispose() => _raw.Dispose();

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHost Gateway { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_MAX_BODY_BYTES"] = "4096" });

        public Task DisposeAsync() => Gateway.DisposeAsync().AsTask();
    }

    [Theory]
    [InlineData("{not json", 400, -32700)]
    [InlineData("", 400, -32700)]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", 400, -32600)]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", 400, -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", 400, -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", 400, -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}", 400, -32600)]
    [InlineData("42", 400, -32600)]
    public async Task MalformedBody_IsRejected(string body, int status, int code)
    {
        var (actualStatus, json, _) = await _raw.SendAsync(_raw.Post(body));
        Assert.Equal(status, actualStatus);
        Assert.Equal(code, RawMcp.ErrorCode(json));
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        var (status, json, _) = await _raw.SendAsync(_raw.Post("{}", contentType: "text/plain"));
        Assert.Equal(415, status);
        Assert.Equal(-32600, RawMcp.ErrorCode(json));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("text/html")]
    public async Task MissingOrIncompleteAccept_Is406(string? accept)
    {
        var (status, _, _) = await _raw.SendAsync(_raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", accept: accept));
        Assert.Equal(406, status);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413()
    {
        var big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + new string('x', 10_000) + "\"}}";
        var (status, json, _) = await _raw.SendAsync(_raw.Post(big));
        Assert.Equal(413, status);
        Assert.Equal(-32600, RawMcp.ErrorCode(json));
    }

    [Fact]
    public async Task UnknownMethod_IsMethodNotFound()
    {
        var (status, json, _) = await _raw.SendAsync(_raw.Stateless2026("tools/explode"));
        Assert.Equal(200, status);
        Assert.Equal(-32601, RawMcp.ErrorCode(json));
    }

    [Fact]
    public async Task UnknownTool_IsInvalidParams()
    {
        var (status, json, _) = await _raw.SendAsync(_raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.nope", ["arguments"] = new JsonObject() }));
        Assert.Equal(200, status);
        Assert.Equal(-32602, RawMcp.ErrorCode(json));
        Assert.Contains("hello.nope", json!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownResource_IsInvalidParamsUnderTheStatelessRevision()
    {
        var (_, json, _) = await _raw.SendAsync(_raw.Stateless2026("resources/read", new JsonObject { ["uri"] = "nope://x" }));
        Assert.Equal(-32602, RawMcp.ErrorCode(json));
    }

    [Fact]
    public async Task MissingToolName_IsInvalidParams()
    {
        var (_, json, _) = await _raw.SendAsync(_raw.Stateless2026("tools/call", new JsonObject { ["arguments"] = new JsonObject() }));
        Assert.Equal(-32602, RawMcp.ErrorCode(json));
    }

    [Theory]
    [InlineData("tools/list", null, "tools/call")]
    [InlineData("tools/call", "hello.sum", null)]
    public async Task StatelessHeaderMismatch_Is400WithHeaderMismatch(string method, string? nameHeader, string? methodHeader)
    {
        var parameters = method == "tools/call" ? new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "x" } } : null;
        var (status, json, _) = await _raw.SendAsync(_raw.Stateless2026(method, parameters, nameHeader, methodHeader));
        Assert.Equal(400, status);
        Assert.Equal(-32020, RawMcp.ErrorCode(json));
    }

    [Fact]
    public async Task StatelessRequestWithoutMcpMethodHeader_Is400()
    {
        var request = _raw.Stateless2026("tools/list");
        request.Headers.Remove("Mcp-Method");
        var (status, json, _) = await _raw.SendAsync(request);
        Assert.Equal(400, status);
        Assert.Equal(-32020, RawMcp.ErrorCode(json));
    }

    [Fact]
    public async Task UnsupportedProtocolVersion_Is400()
    {
        var request = _raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        request.Headers.Add("MCP-Protocol-Version", "1999-01-01");
        var (status, json, _) = await _raw.SendAsync(request);
        Assert.Equal(400, status);
        Assert.Equal(-32022, RawMcp.ErrorCode(json));
    }

    [Fact]
    public async Task UnknownSession_Is404_AndMissingSession_Is400()
    {
        var request = _raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        request.Headers.Add("Mcp-Session-Id", "no-such-session");
        var (status, json, _) = await _raw.SendAsync(request);
        Assert.Equal(404, status);
        Assert.Equal(-32001, RawMcp.ErrorCode(json));

        var (missing, _, _) = await _raw.SendAsync(_raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        Assert.Equal(400, missing);
    }

    [Fact]
    public async Task Delete_EndsTheSession()
    {
        var init = _raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        var (status, body, response) = await _raw.SendAsync(init);
        Assert.Equal(200, status);
        Assert.Equal("2025-11-25", body!["result"]!["protocolVersion"]!.GetValue<string>());
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        Assert.True(sessionId.Length >= 22);

        HttpRequestMessage List()
        {
            var list = _raw.Post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            list.Headers.Add("Mcp-Session-Id", sessionId);
            list.Headers.Add("MCP-Protocol-Version", "2025-11-25");
            return list;
        }

        Assert.Equal(200, (await _raw.SendAsync(List())).Status);
        var delete = new HttpRequestMessage(HttpMethod.Delete, _gateway.McpEndpoint);
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        Assert.Equal(200, (await _raw.SendAsync(delete)).Status);
        Assert.Equal(404, (await _raw.SendAsync(List())).Status);
    }

    [Theory]
    [InlineData("2025-03-26", 200)]
    [InlineData("2025-06-18", 400)]
    public async Task Batch_IsServedOnlyOnRevision20250326Sessions(string revision, int status)
    {
        var (_, _, init) = await _raw.SendAsync(_raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + revision + "\",\"capabilities\":{}}}"));
        var batch = _raw.Post("""
            [{"jsonrpc":"2.0","id":"a","method":"tools/list"},
             {"jsonrpc":"2.0","id":"b","method":"tools/call","params":{"name":"hello.echo","arguments":{"message":"batched"}}},
             {"jsonrpc":"2.0","method":"notifications/initialized"},
             {"jsonrpc":"2.0","id":"c","method":"nope/nope"},
             42]
            """);
        batch.Headers.Add("Mcp-Session-Id", init.Headers.GetValues("Mcp-Session-Id").Single());
        using var response = await new HttpClient().SendAsync(batch);
        Assert.Equal(status, (int)response.StatusCode);
        if (status != 200)
        {
            return;
        }

        var answers = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(4, answers.Count);
        Assert.NotNull(answers.Single(a => a!["id"]?.GetValue<string>() == "a")!["result"]!["tools"]);
        Assert.Equal("batched", answers.Single(a => a!["id"]?.GetValue<string>() == "b")!["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(-32601, answers.Single(a => a!["id"]?.GetValue<string>() == "c")!["error"]!["code"]!.GetValue<int>());
        Assert.Equal(-32600, answers.Single(a => a!["id"] is null)!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task InitializeWithUnknownVersion_NegotiatesTheNewestStatefulRevision()
    {
        var (_, body, _) = await _raw.SendAsync(_raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2099-01-01\",\"capabilities\":{}}}"));
        Assert.Equal("2025-11-25", body!["result"]!["protocolVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task StatelessRevision_HasNoInitialize_ButAnswersDiscover()
    {
        var (_, init, _) = await _raw.SendAsync(_raw.Stateless2026("initialize", new JsonObject { ["protocolVersion"] = "2026-07-28", ["capabilities"] = new JsonObject() }));
        Assert.Equal(-32601, RawMcp.ErrorCode(init));

        var (status, discover, _) = await _raw.SendAsync(_raw.Stateless2026("server/discover"));
        Assert.Equal(200, status);
        Assert.Equal("2026-07-28", discover!["result"]!["supportedVersions"]![0]!.GetValue<string>());
        Assert.NotNull(discover["result"]!["capabilities"]!["tools"]);
    }

    [Fact]
    public async Task GetOnStatelessRevision_Is405()
    {
        var get = new HttpRequestMessage(HttpMethod.Get, _gateway.McpEndpoint);
        get.Headers.Add("Accept", "text/event-stream");
        get.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        Assert.Equal(405, (await _raw.SendAsync(get)).Status);
    }

    [Theory]
    [InlineData("Host", "evil.example")]
    [InlineData("Origin", "http://evil.example")]
    public async Task ForeignHostOrOrigin_IsForbidden(string header, string value)
    {
        var request = _raw.Stateless2026("tools/list");
        if (header == "Host")
        {
            request.Headers.Host = value;
        }
        else
        {
            request.Headers.Add(header, value);
        }

        var (status, _, _) = await _raw.SendAsync(request);
        Assert.Equal(403, status);
    }

    [Fact]
    public async Task LoopbackOrigin_IsAllowed()
    {
        var request = _raw.Stateless2026("tools/list");
        request.Headers.Add("Origin", "http://localhost:3000");
        Assert.Equal(200, (await _raw.SendAsync(request)).Status);
    }

    [Fact]
    public async Task UnknownScope_Is404()
    {
        using var raw = new RawMcp(_gateway.ScopedEndpoint("nosuchscope"));
        var (status, _, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task NotificationsAndResponses_Are202()
    {
        var notification = _raw.Post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}");
        notification.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        notification.Headers.Add("Mcp-Method", "notifications/cancelled");
        var (status, _, _) = await _raw.SendAsync(notification);
        Assert.Equal(202, status);
    }

    [Fact]
    public async Task GatewayStillServes_AfterAllTheAbove()
    {
        var (status, json, _) = await _raw.SendAsync(_raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "alive" } }));
        Assert.Equal(200, status);
        Assert.Equal("alive", json!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }
}
