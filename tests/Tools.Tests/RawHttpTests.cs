using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Tools.Tests.Infrastructure;

namespace McpGateway.Tools.Tests;

/// <summary>HTTP-level contract of the Hello server (status codes, headers, sessions), with hand-made requests.</summary>
public sealed class RawHttpTests(HelloServerFixture fixture) : IClassFixture<HelloServerFixture>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private Uri Mcp => fixture.Server.McpEndpoint;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Health_returns_ok()
    {
        using var response = await _http.GetAsync(new Uri(fixture.Server.BaseAddress, "/health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await RawMcp.ReadJsonAsync(response))["status"]?.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_session_gets_404_on_post_get_and_delete()
    {
        const string unknown = "AAAAAAAAAAAAAAAAAAAAAA";

        using var post = await _http.SendAsync(RawMcp.Post(Mcp, RawMcp.Request("tools/list"), unknown, "2025-11-25"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(-32001, (await RawMcp.ReadJsonAsync(post))["error"]?["code"]?.GetValue<int>());

        using var getRequest = new HttpRequestMessage(HttpMethod.Get, Mcp);
        RawMcp.AcceptEventStream(getRequest);
        getRequest.Headers.Add(RawMcp.SessionHeader, unknown);
        using var get = await _http.SendAsync(getRequest);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        // DELETE of an unknown session is idempotent in the SDK (200): nothing to end.
    }

    [Fact]
    public async Task Initialize_opens_a_session_and_delete_ends_it()
    {
        var sessionId = await RawMcp.OpenSessionAsync(_http, Mcp);
        Assert.True(Base64Url.DecodeFromChars(sessionId).Length >= 16, "session ids carry at least 128 random bits");

        using (var list = await _http.SendAsync(RawMcp.Post(Mcp, RawMcp.Request("tools/list"), sessionId, "2025-11-25")))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal(sessionId, Assert.Single(list.Headers.GetValues(RawMcp.SessionHeader)));
            var tools = (await RawMcp.ReadSingleSseMessageAsync(list))["result"]!["tools"]!.AsArray();
            Assert.Contains(tools, t => t?["name"]?.GetValue<string>() == "echo");
        }

        using (var deleteRequest = new HttpRequestMessage(HttpMethod.Delete, Mcp))
        {
            deleteRequest.Headers.Add(RawMcp.SessionHeader, sessionId);
            using var delete = await _http.SendAsync(deleteRequest);
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        using var after = await _http.SendAsync(RawMcp.Post(Mcp, RawMcp.Request("tools/list", 3), sessionId, "2025-11-25"));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Session_ids_are_unique()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RawMcp.OpenSessionAsync(_http, Mcp)));
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public async Task Delete_ends_an_open_get_stream()
    {
        var sessionId = await RawMcp.OpenSessionAsync(_http, Mcp);

        using var getRequest = new HttpRequestMessage(HttpMethod.Get, Mcp);
        RawMcp.AcceptEventStream(getRequest);
        getRequest.Headers.Add(RawMcp.SessionHeader, sessionId);
        getRequest.Headers.Add(RawMcp.VersionHeader, "2025-11-25");
        using var get = await _http.SendAsync(getRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("text/event-stream", get.Content.Headers.ContentType?.MediaType);

        using (var deleteRequest = new HttpRequestMessage(HttpMethod.Delete, Mcp))
        {
            deleteRequest.Headers.Add(RawMcp.SessionHeader, sessionId);
            using var delete = await _http.SendAsync(deleteRequest);
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        // The stream must end once the session is gone.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await get.Content.ReadAsStreamAsync(cts.Token);
        var buffer = new byte[1024];
        while (await stream.ReadAsync(buffer, cts.Token) > 0)
        {
        }
    }

    [Fact]
    public async Task Second_get_stream_for_a_session_is_rejected()
    {
        var sessionId = await RawMcp.OpenSessionAsync(_http, Mcp);

        HttpRequestMessage Get()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Mcp);
            RawMcp.AcceptEventStream(request);
            request.Headers.Add(RawMcp.SessionHeader, sessionId);
            return request;
        }

        using var first = await _http.SendAsync(Get(), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await _http.SendAsync(Get());
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }

    [Fact]
    public async Task Get_without_session_is_not_allowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Mcp);
        RawMcp.AcceptEventStream(request);
        request.Headers.Add(RawMcp.VersionHeader, "2026-07-28");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Delete_without_session_ends_nothing()
    {
        var sessionId = await RawMcp.OpenSessionAsync(_http, Mcp);
        using (var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, Mcp)))
        {
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        using var list = await _http.SendAsync(RawMcp.Post(Mcp, RawMcp.Request("tools/list"), sessionId, "2025-11-25"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Unsupported_protocol_version_header_is_rejected()
    {
        using var response = await _http.SendAsync(RawMcp.Post(Mcp, RawMcp.Request("tools/list"), protocolVersion: "1999-01-01"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await RawMcp.ReadJsonAsync(response))["error"]!;
        Assert.Equal(-32022, error["code"]?.GetValue<int>());
        Assert.Contains("2026-07-28", error["data"]!["supported"]!.AsArray().Select(v => v?.GetValue<string>()));
    }

    [Fact]
    public async Task Mismatched_standard_headers_are_rejected_under_2026_07_28()
    {
        var body = RawMcp.Request("tools/call", parameters: new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "x" } });

        using var wrongMethod = RawMcp.Post(Mcp, body, protocolVersion: "2026-07-28");
        wrongMethod.Headers.Add("Mcp-Method", "tools/list");
        using var response = await _http.SendAsync(wrongMethod);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await RawMcp.ReadJsonAsync(response))["error"]?["code"]?.GetValue<int>() < 0, "a JSON-RPC error");

        using var wrongName = RawMcp.Post(Mcp, body, protocolVersion: "2026-07-28");
        wrongName.Headers.Add("Mcp-Method", "tools/call");
        wrongName.Headers.Add("Mcp-Name", "sum");
        using var response2 = await _http.SendAsync(wrongName);
        Assert.Equal(HttpStatusCode.BadRequest, response2.StatusCode);
    }

    [Fact]
    public async Task Stateless_2026_07_28_request_is_answered_without_a_session()
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 7,
            ["method"] = "tools/call",
            ["params"] = new JsonObject
            {
                ["name"] = "sum",
                ["arguments"] = new JsonObject { ["numbers"] = new JsonArray(1.5, 2) },
                ["_meta"] = new JsonObject
                {
                    ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
                    ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" },
                    ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
                },
            },
        }.ToJsonString();

        using var request = RawMcp.Post(Mcp, body, protocolVersion: "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", "sum");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(RawMcp.SessionHeader));
        var message = await RawMcp.ReadSingleSseMessageAsync(response);
        Assert.Equal("3.5", message["result"]?["content"]?[0]?["text"]?.GetValue<string>());
    }

    [Fact]
    public async Task Post_must_accept_json_and_event_stream()
    {
        using var response = await _http.SendAsync(RawMcp.Post(Mcp, RawMcp.Initialize(), accept: "application/json"));
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_body_is_a_bad_request()
    {
        using var response = await _http.SendAsync(RawMcp.Post(Mcp, "{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await RawMcp.ReadJsonAsync(response))["error"]?["code"]?.GetValue<int>(), new int?[] { -32700, -32600 });
    }

    [Fact]
    public async Task Legacy_sse_announces_endpoint_and_answers_on_the_stream()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var getRequest = new HttpRequestMessage(HttpMethod.Get, fixture.Server.SseEndpoint);
        RawMcp.AcceptEventStream(getRequest);
        using var get = await _http.SendAsync(getRequest, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("text/event-stream", get.Content.Headers.ContentType?.MediaType);

        using var reader = new StreamReader(await get.Content.ReadAsStreamAsync(cts.Token));
        var endpoint = await SseEvent.ReadAsync(reader, cts.Token);
        Assert.Equal("endpoint", endpoint?.Event);
        Assert.StartsWith("/mcp/message?sessionId=", endpoint!.Data, StringComparison.Ordinal);
        var messages = new Uri(fixture.Server.BaseAddress, endpoint.Data);

        using (var post = await _http.SendAsync(RawMcp.Post(messages, RawMcp.Initialize("2024-11-05")), cts.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        var reply = await SseEvent.ReadAsync(reader, cts.Token);
        Assert.Equal("message", reply?.Event);
        var json = JsonNode.Parse(reply!.Data)!;
        Assert.Equal(1, json["id"]?.GetValue<int>());
        Assert.Equal("2024-11-05", json["result"]?["protocolVersion"]?.GetValue<string>());
        Assert.Equal("hello", json["result"]?["serverInfo"]?["name"]?.GetValue<string>());

        using var unknown = await _http.SendAsync(RawMcp.Post(new Uri(fixture.Server.BaseAddress, "/mcp/message?sessionId=nope"), RawMcp.Initialized), cts.Token);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        using var missing = await _http.SendAsync(RawMcp.Post(new Uri(fixture.Server.BaseAddress, "/mcp/message"), RawMcp.Initialized), cts.Token);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }
}
