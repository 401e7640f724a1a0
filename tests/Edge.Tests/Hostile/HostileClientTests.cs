using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// The nine defect classes of issue 14, each as the hostile client ran it (its inputs, scaled down where the original
/// only needed volume), against a real node: refused or bounded with a clear error, never a 500, never a call run
/// without its audit record, never an error logged with a stack trace. The memory side (a node with a 1 GiB heap limit
/// receiving the amplification inputs) is <see cref="HostileMemoryTests"/>; the randomized client is
/// <see cref="HostileFuzzTests"/>.
/// </summary>
public sealed class HostileClientTests(HostileClientTests.Fixture fixture) : IClassFixture<HostileClientTests.Fixture>
{
    /// <summary>The JSON-RPC codes of bad input (docs/errors.md): parse error, invalid request, invalid params.</summary>
    private static readonly int[] BadInputCodes = [-32700, -32600, -32602];

    /// <summary>The REST kinds of bad input (docs/errors.md, "REST").</summary>
    private static readonly string[] BadInputKinds = ["parse_error", "invalid_request", "invalid_params"];

    private readonly HostileNode _node = fixture.Node;

    /// <summary>The node's log entries before this test (xunit makes one instance per test): the test checks the ones after.</summary>
    private readonly int _logMark = fixture.Node.Logs.Entries.Count;

    public sealed class Fixture : IAsyncLifetime
    {
        public HostileNode Node { get; private set; } = null!;

        /// <summary>The body-read deadline of this node (class 8), short so that a trickled body is cut off quickly.</summary>
        public const int BodyReadTimeoutSeconds = 3;

        public async Task InitializeAsync() => Node = await HostileNode.StartAsync(new Dictionary<string, string>
        {
            ["GATEWAY_BODY_READ_TIMEOUT_SECONDS"] = BodyReadTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        public Task DisposeAsync() => Node.DisposeAsync().AsTask();
    }

    /// <summary>Parameters of <c>tools/call</c> of <paramref name="tool"/> with <paramref name="arguments"/> as written.</summary>
    private static string CallParams(string tool, string arguments) => $$"""{"name":"{{tool}}","arguments":{{arguments}},{{HostileNode.StatelessMeta}}}""";

    /// <summary>A nesting of <paramref name="depth"/> objects.</summary>
    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"d\":", depth)) + "1" + new string('}', depth);

    // ---- 1 and 5: a call never runs unaudited; bad input is refused at the edge, not a 500 with a stack trace ----

    public static TheoryData<string, string> HostileArguments => new()
    {
        { "duplicate name", """{"tag":"a","tag":"b"}""" },
        { "duplicate name, deep", """{"a":{"b":{"c":{"tag":"a","tag":"b"}}}}""" },
        { "lone surrogate", """{"tag":"\ud800"}""" },
        { "lone low surrogate in a name", """{"x\udc00":1}""" },
        { "nesting deeper than 64", Nested(100) },
    };

    [Theory]
    [MemberData(nameof(HostileArguments))]
    public async Task ToolsCall_HostileArguments_AreRefusedAtTheEdge_AndNothingRunsUnaudited(string what, string arguments)
    {
        var (status, body, response) = await _node.SendAsync(_node.Stateless("tools/call", CallParams("rec.whoami", arguments), _node.AdminToken, "rec.whoami"));

        AssertBadInput(what, status, body);
        AssertNothingReachedTheBackend(response);
        await AssertEveryBackendCallAuditedAsync();
        AssertNoStackTraceLogged();
    }

    [Theory]
    [MemberData(nameof(HostileArguments))]
    public async Task Invoke_HostileArguments_AreRefusedInTheRestShape_AndNothingRunsUnaudited(string what, string arguments)
    {
        var (status, body, response) = await _node.SendAsync(_node.Post("/mcp/invoke", $$"""{"tool_name":"rec.whoami","arguments":{{arguments}}}""", _node.AdminToken));

        Assert.True(status == 400, $"{what}: /mcp/invoke answered {status}: {body}");
        var error = HostileNode.Json(body)?["error"];
        Assert.True(error?["kind"]?.GetValue<string>() is { } kind && BadInputKinds.Contains(kind) && error["message"] is not null && error["code"] is not null,
            $"{what}: not a REST bad-input error: {body}");
        AssertNothingReachedTheBackend(response);
        await AssertEveryBackendCallAuditedAsync();
        AssertNoStackTraceLogged();
    }

    public static TheoryData<string, string> HostileBodies => new()
    {
        { "duplicate name in params", $$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rec.whoami","name":"hello.echo","arguments":{},{{HostileNode.StatelessMeta}}} }""" },
        { "duplicate name in _meta", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rec.whoami","arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""" },
        { "duplicate id", $$"""{"jsonrpc":"2.0","id":1,"id":2,"method":"tools/call","params":{"name":"rec.whoami","arguments":{},{{HostileNode.StatelessMeta}}} }""" },
        { "lone surrogate in the id", $$"""{"jsonrpc":"2.0","id":"\ud800","method":"tools/call","params":{"name":"rec.whoami","arguments":{},{{HostileNode.StatelessMeta}}} }""" },
        { "lone surrogate in the name", $$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rec.whoami\udbff","arguments":{},{{HostileNode.StatelessMeta}}} }""" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task HostileBody_AnywhereInTheRequest_IsBadInput(string what, string body)
    {
        var (status, answer, response) = await _node.SendAsync(_node.Post("/mcp", body, _node.AdminToken, ("MCP-Protocol-Version", RawMcp.Stateless), ("Mcp-Method", "tools/call"), ("Mcp-Name", "rec.whoami")));

        AssertBadInput(what, status, answer);
        AssertNothingReachedTheBackend(response);
        AssertNoStackTraceLogged();
    }

    /// <summary>Found by the randomized client: the stateless <c>_meta</c> client capabilities of another type than an object.</summary>
    [Theory]
    [InlineData("tools/call", "0")]
    [InlineData("tools/call", "false")]
    [InlineData("tools/call", "[]")]
    [InlineData("tools/call", "{\"extensions\":1}")]
    [InlineData("tools/call", "{\"extensions\":{\"io.modelcontextprotocol/tasks\":[]}}")]
    [InlineData("tools/call", "\"x\"")]
    [InlineData("tasks/list", "null")]
    public async Task StatelessMeta_ClientCapabilitiesNotAnObject_IsNeverA500(string method, string capabilities)
    {
        var parameters = $$"""{"name":"rec.whoami","arguments":{},"taskId":"t","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{{capabilities}}} }""";

        var (status, body, _) = await _node.SendAsync(_node.Stateless(method, parameters, _node.AdminToken, method == "tools/call" ? "rec.whoami" : null));

        Assert.True(status < 500, $"{method} with clientCapabilities {capabilities} answered {status}: {body}");
        if (status >= 400)
        {
            AssertBadInput($"clientCapabilities {capabilities}", status, body);
        }

        await AssertEveryBackendCallAuditedAsync();
        AssertNoStackTraceLogged();
    }

    [Fact]
    public async Task InvalidUtf8_InAString_IsBadInput_OnEveryBodyReader()
    {
        byte[] Body(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xed, 0xa0, 0x80, 0xff, .. Encoding.UTF8.GetBytes(after)];
        var cases = new (string Path, byte[] Body, (string, string)[] Headers)[]
        {
            ("/mcp", Body("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rec.whoami","arguments":{"tag":" """, "\"}," + HostileNode.StatelessMeta + "}}"),
                [("MCP-Protocol-Version", RawMcp.Stateless), ("Mcp-Method", "tools/call"), ("Mcp-Name", "rec.whoami")]),
            ("/mcp/invoke", Body("""{"tool_name":"rec.whoami","arguments":{"tag":" """, "\"}}"), []),
        };
        foreach (var (path, body, headers) in cases)
        {
            var request = _node.Post(path, "", _node.AdminToken, headers);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var (status, answer, response) = await _node.SendAsync(request);
            Assert.True(status == 400, $"{path}: invalid UTF-8 answered {status}: {answer}");
            AssertNothingReachedTheBackend(response);
        }

        AssertNoStackTraceLogged();
    }

    [Fact]
    public async Task Batch2025_03_26_WithOneHostileElement_IsNeverA500_AndWhatRanIsAudited()
    {
        var session = await _node.OpenSessionAsync(_node.AdminToken, "2025-03-26");
        var batch = """
            [{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rec.whoami","arguments":{"n":1}}},
             {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"rec.whoami","arguments":{"tag":"a","tag":"b"}}},
             {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"rec.whoami","arguments":{"tag":"\ud800"}}},
             {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"hello.echo","arguments":{"message":"ok"}}}]
            """;

        var (status, body, response) = await _node.SendAsync(_node.Post("/mcp", batch, _node.AdminToken, ("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2025-03-26")));

        Assert.True(status < 500, $"the batch answered {status}: {body}");
        if (status == 200)
        {
            // Answered element by element: the hostile ones as bad input, the others with their results.
            var answers = HostileNode.Json(body)!.AsArray().ToDictionary(a => a!["id"]!.GetValue<int>(), a => a!);
            Assert.NotNull(answers[1]["result"]);
            Assert.NotNull(answers[4]["result"]);
            Assert.Contains(answers[2]["error"]?["code"]?.GetValue<int>() ?? 0, BadInputCodes);
            Assert.Contains(answers[3]["error"]?["code"]?.GetValue<int>() ?? 0, BadInputCodes);
        }
        else
        {
            // Refused whole (the body is read strictly before anything runs).
            AssertBadInput("batch", status, body);
            AssertNothingReachedTheBackend(response);
        }

        await AssertEveryBackendCallAuditedAsync();
        AssertNoStackTraceLogged();
    }

    [Fact]
    public async Task DevelopmentIssuer_DuplicateNameBody_IsA400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _node.Url("/token"))
        {
            Content = new StringContent("""{"user_id":"a","user_id":"b","roles":["admin"],"roles":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Issuer-Token", HostileNode.IssuerToken);

        var (status, body, _) = await _node.SendAsync(request);

        Assert.True(status == 400, $"/token answered {status}: {body}");
        Assert.DoesNotContain("access_token", body, StringComparison.Ordinal);
        AssertNoStackTraceLogged();
    }

    // ---- 2: batch amplification ----

    [Fact]
    public async Task LongBatchOfListings_IsRefused_NotAnsweredInFull()
    {
        var session = await _node.OpenSessionAsync(_node.AdminToken, "2025-03-26");
        // The probe's 5.7 MB batch: 100,000 tools/list.
        var batch = "[" + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $$"""{"jsonrpc":"2.0","id":{{i}},"method":"tools/list"}""")) + "]";

        using var request = _node.Post("/mcp", batch, _node.AdminToken, ("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2025-03-26"));
        using var response = await _node.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 20];
        var read = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer.AsMemory(read))) > 0 && read + n < buffer.Length)
        {
            read += n;
        }

        var body = Encoding.UTF8.GetString(buffer, 0, read);
        Assert.True(status is 400 or 413, $"a batch of 100,000 answered {status} ({read} bytes read): {body[..Math.Min(300, body.Length)]}");
        Assert.True(n == 0, "the refusal of a long batch is a short error, not a long answer");
        Assert.Contains(HostileNode.Json(body)?["error"]?["code"]?.GetValue<int>() ?? 0, BadInputCodes);
        AssertNoStackTraceLogged();
    }

    [Fact]
    public async Task BatchElements_CountAgainstTheQuota_LikeSingleRequests()
    {
        await using var limited = await HostileNode.StartAsync(new Dictionary<string, string> { ["RATE_LIMIT_USER_PER_MINUTE"] = "5" });
        // One user sends ten single tools/list, another the same ten in one batch: the quota refuses as many of each.
        var single = await limited.IssueAsync("quota-single", "admin");
        var batched = await limited.IssueAsync("quota-batch", "admin");
        var singleSession = await limited.OpenSessionAsync(single, "2025-03-26");
        var batchSession = await limited.OpenSessionAsync(batched, "2025-03-26");
        var refusedSingly = 0;
        for (var i = 0; i < 10; i++)
        {
            var (_, body, _) = await limited.SendAsync(limited.Post("/mcp", $$"""{"jsonrpc":"2.0","id":{{i}},"method":"tools/list"}""", single, ("Mcp-Session-Id", singleSession), ("MCP-Protocol-Version", "2025-03-26")));
            refusedSingly += HostileNode.Json(body)?["error"]?["code"]?.GetValue<int>() == -32029 ? 1 : 0;
        }

        var batch = "[" + string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"jsonrpc":"2.0","id":{{i}},"method":"tools/list"}""")) + "]";
        var (status, answer, _) = await limited.SendAsync(limited.Post("/mcp", batch, batched, ("Mcp-Session-Id", batchSession), ("MCP-Protocol-Version", "2025-03-26")));
        var calls = "[" + string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"jsonrpc":"2.0","id":{{i}},"method":"tools/call","params":{"name":"rec.whoami","arguments":{} } }""")) + "]";
        var third = await limited.IssueAsync("quota-calls", "admin");
        var callSession = await limited.OpenSessionAsync(third, "2025-03-26");
        var before = limited.BackendCallsByRequestId().Values.Sum();
        var (callStatus, callAnswer, _) = await limited.SendAsync(limited.Post("/mcp", calls, third, ("Mcp-Session-Id", callSession), ("MCP-Protocol-Version", "2025-03-26")));

        Assert.True(refusedSingly > 0, "ten single tools/list over a quota of 5 a minute were all served");
        Assert.Equal(200, status);
        var refusedInBatch = HostileNode.Json(answer)!.AsArray().Count(a => a?["error"]?["code"]?.GetValue<int>() == -32029);
        Assert.Equal(refusedSingly, refusedInBatch);
        Assert.Equal(200, callStatus);
        Assert.True(HostileNode.Json(callAnswer)!.AsArray().Count(a => a?["error"]?["code"]?.GetValue<int>() == -32029) >= 5, callAnswer);
        Assert.True(limited.BackendCallsByRequestId().Values.Sum() - before <= 5, "more calls of a batch reached the backend than the quota lets through");
        Assert.Empty(await limited.UnauditedBackendCallsAsync(TimeSpan.FromSeconds(10)));
    }

    // ---- 3 and 6: bounded telemetry, no catalogue beyond the policy ----

    [Fact]
    public async Task RandomMethodNames_DoNotGrowTheMetrics()
    {
        var reader = await _node.IssueAsync("metrics-reader", "admin", "metrics");
        var before = await MetricsAsync(reader);
        var names = Enumerable.Range(0, 2_000).Select(i => $"ZQ{i:D5}X").ToList();
        foreach (var chunk in names.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(async name =>
            {
                var (status, _, _) = await _node.SendAsync(new HttpRequestMessage(new HttpMethod(name), _node.Url("/mcp")));
                Assert.True(status < 500, $"method {name} answered {status}");
            }));
        }

        var after = await MetricsAsync(reader);

        Assert.False(after.Contains("ZQ0", StringComparison.Ordinal), "a random method name became a metrics label");
        var added = after.Split('\n').Length - before.Split('\n').Length;
        Assert.True(added < 100, $"2,000 random method names added {added} lines to /metrics");
    }

    [Fact]
    public async Task Metrics_ToARolelessToken_ShowNoCatalogue()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _node.Url("/metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _node.RolelessToken);

        var (status, body, _) = await _node.SendAsync(request);

        Assert.True(status is 401 or 403 || (status == 200 && !body.Contains("whoami", StringComparison.Ordinal) && !body.Contains("hello.echo", StringComparison.Ordinal)),
            $"/metrics showed a role-less token {status}: {body[..Math.Min(400, body.Length)]}");
        Assert.True(status < 500);
    }

    [Fact]
    public async Task HealthReady_WithoutAToken_NamesNoBackend_AndAnAdminSeesTheDetail()
    {
        var (status, anonymous, _) = await _node.SendAsync(new HttpRequestMessage(HttpMethod.Get, _node.Url("/health/ready")));
        using var admin = new HttpRequestMessage(HttpMethod.Get, _node.Url("/health/ready"));
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _node.AdminToken);
        var (adminStatus, detailed, _) = await _node.SendAsync(admin);

        Assert.Equal(200, status);
        Assert.True(!anonymous.Contains("\"rec\"", StringComparison.Ordinal) && !anonymous.Contains("hello", StringComparison.Ordinal),
            "/health/ready named backends to a caller without a token: " + anonymous);
        Assert.Equal(200, adminStatus);
        Assert.Contains("hello", detailed, StringComparison.Ordinal);
    }

    // ---- 4: session bloat ----

    [Fact]
    public async Task Initialize_WithHugeCapabilities_IsRefused()
    {
        // The probe's sessions carried 5 MB; 2 MB shows the same.
        var big = $$"""{"experimental":{"pad":"{{new string('c', 2_000_000)}}"} }""";
        var (status, body, response) = await _node.SendAsync(_node.Post("/mcp", $$$"""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{{{big}}},"clientInfo":{"name":"bloat","version":"1"} }}""", _node.AdminToken));

        Assert.True(status is >= 400 and < 500, $"initialize with 2 MB of capabilities answered {status}: {body[..Math.Min(300, body.Length)]}");
        Assert.False(response.Headers.Contains("Mcp-Session-Id"), "a session was created");
    }

    [Fact]
    public async Task ManySessions_ForOneUser_AreCapped()
    {
        var token = await _node.IssueAsync("session-hoarder", "developer");
        var refused = 0;
        var opened = 0;
        for (var i = 0; i < 2_000 && refused == 0; i++)
        {
            var (status, body, response) = await _node.SendAsync(_node.Post("/mcp", """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"hoard","version":"1"}}}""", token));
            Assert.True(status < 500, $"initialize #{i} answered {status}: {body}");
            if (status == 200 && response.Headers.Contains("Mcp-Session-Id"))
            {
                opened++;
            }
            else
            {
                refused++;
            }
        }

        Assert.True(refused > 0, $"one user opened {opened} sessions without being refused");
        // The others are not affected by one user's cap.
        var other = await _node.OpenSessionAsync(_node.DeveloperToken, "2025-11-25");
        Assert.False(string.IsNullOrEmpty(other));
    }

    // ---- 8: slow bodies ----

    [Fact]
    public async Task ChunkedBody_TrickledAt300BytesASecond_IsCutOff()
    {
        // 300 B/s for up to 60 s (18 KB): the node must give up long before the client does, at its body-read deadline.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(_node.Gateway.BaseAddress.Host, _node.Gateway.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /mcp HTTP/1.1\r\nHost: {_node.Gateway.BaseAddress.Authority}\r\nAuthorization: Bearer {_node.AdminToken}\r\n"
            + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
            + "Mcp-Method: tools/call\r\nMcp-Name: rec.whoami\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = ReadHeadAsync(stream);
        var chunk = Encoding.ASCII.GetBytes("1e\r\n" + new string(' ', 30) + "\r\n");
        var sent = 0;
        for (var i = 0; i < 600 && !answer.IsCompleted; i++)
        {
            try
            {
                await stream.WriteAsync(chunk);
                sent++;
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(answer, Task.Delay(100));
        }

        var status = await answer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(sent < 600, "the node read a trickled body for a whole minute");
        Assert.True(status == "408", $"a trickled body was answered {status}");
        AssertNoStackTraceLogged();
    }

    /// <summary>The status code of the first answer on a raw connection, or "closed" when the node closed it without one.</summary>
    private static async Task<string> ReadHeadAsync(System.Net.Sockets.NetworkStream stream)
    {
        var buffer = new byte[1024];
        var read = 0;
        try
        {
            while (read < 12)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read));
                if (n == 0)
                {
                    return "closed";
                }

                read += n;
            }
        }
        catch (IOException)
        {
            return "closed";
        }

        return Encoding.ASCII.GetString(buffer, 9, 3);
    }

    // ---- helpers ----

    private static void AssertBadInput(string what, int status, string body)
    {
        Assert.True(status == 400, $"{what}: answered {status}: {body}");
        var code = HostileNode.Json(body)?["error"]?["code"]?.GetValue<int>() ?? 0;
        Assert.True(BadInputCodes.Contains(code), $"{what}: answered code {code}: {body}");
    }

    private void AssertNothingReachedTheBackend(HttpResponseMessage response)
    {
        var requestId = response.Headers.TryGetValues("X-Request-ID", out var ids) ? ids.Single() : null;
        Assert.NotNull(requestId);
        Assert.DoesNotContain(_node.Backend.Received, r => r.RequestId == requestId);
    }

    private async Task AssertEveryBackendCallAuditedAsync()
    {
        var unaudited = await _node.UnauditedBackendCallsAsync(TimeSpan.FromSeconds(10));
        Assert.True(unaudited.Count == 0, "calls reached the backend without an audit record:\n" + string.Join("\n", unaudited));
    }

    private void AssertNoStackTraceLogged()
    {
        var logged = _node.Logs.ErrorsOrStackTraces(since: _logMark);
        Assert.True(logged.Count == 0, "client errors were logged as errors or with a stack trace:\n" + LogCapture.Describe(logged));
    }

    private async Task<string> MetricsAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _node.Url("/metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (status, body, _) = await _node.SendAsync(request);
        Assert.True(status == 200, $"/metrics answered {status} to a token with the admin and metrics roles");
        return body;
    }
}
