using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Tests.Audit;
using McpGateway.Edge.Tests.Cluster;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Hostile bodies on every endpoint that reads one (issue 14, classes 1 and 5): what the strict reader refuses (repeated
/// member names, unpaired surrogate escapes, invalid UTF-8, nesting beyond the limit) is a 400 parse error before
/// anything runs, and reaches no backend; what it accepts (odd but valid: nesting at the limit, huge values, surrogate
/// pairs, escaped names) reaches the backend, and every call the backend received has exactly one audit record. None of
/// it is a 5xx or an Error-level log entry.
/// </summary>
public sealed class HostileInputAuditTests(HostileInputAuditTests.Fixture fixture) : IClassFixture<HostileInputAuditTests.Fixture>
{
    private const string Tool = "rec.whoami";

    private const string StatelessMeta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    /// <summary>Stands for two bytes that are not UTF-8 (an overlong NUL) in a body.</summary>
    private const string BadUtf8 = "@@BAD@@";

    public sealed class Fixture : IAsyncLifetime
    {
        public RecordingBackend Backend { get; private set; } = null!;

        public GatewayHost Gateway { get; private set; } = null!;

        public RecordingServices Recorded { get; } = new();

        public async Task InitializeAsync()
        {
            Backend = await RecordingBackend.StartAsync();
            Gateway = await GatewayHost.StartAsync(
                $"  - name: rec\n    transport: streamable-http\n    url: {Backend.Endpoint}\n" + GatewayHost.HelloStdio(),
                new Dictionary<string, string> { ["GATEWAY_AUDIT_ARGUMENTS"] = "true" },
                services: services =>
                {
                    Recorded.Register(services);
                    services.AddSingleton<IResultChecker>(new ExplodingChecker());
                });
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Backend.DisposeAsync();
        }
    }

    /// <summary>A bug after the backend answered: throws for calls whose arguments hold <c>"explode": true</c>.</summary>
    private sealed class ExplodingChecker : IResultChecker
    {
        public ValueTask<CallResult> CheckAsync(CallContext context, CallResult result) =>
            context.Arguments?["explode"] is JsonValue explode && explode.GetValueKind() == System.Text.Json.JsonValueKind.True
                ? throw new InvalidOperationException("a bug after the backend answered")
                : ValueTask.FromResult(result);
    }

    /// <summary>One kind of arguments: its JSON text for a given probe and nesting budget, and whether the reader takes it.</summary>
    /// <param name="Arguments">Makes the arguments' JSON from the probe and the levels arrays may still nest inside them.</param>
    public sealed record Case(string Label, Func<string, int, string> Arguments, bool Accepted, string? Envelope = null)
    {
        public override string ToString() => Label;
    }

    private static string Nested(int levels) => new string('[', levels) + new string(']', levels);

    private static readonly Case[] Cases =
    [
        new("plain", (p, _) => $$"""{"probe":"{{p}}"}""", true),
        new("surrogate pairs, raw and escaped", (p, _) => $$"""{"probe":"{{p}}","s":"\ud83d\ude00 😀 \u0000 \u00e9","\ud83d\ude00":"as a name"}""", true),
        new("escaped names that do not collide", (p, _) => $$"""{"probe":"{{p}}","\u0062":1,"B":2,"":3,"b ":4}""", true),
        new("odd numbers", (p, _) => $$"""{"probe":"{{p}}","n":[1e400,-0,123456789012345678901234567890,-1.5E-300]}""", true),
        new("huge string", (p, _) => $$"""{"probe":"{{p}}","s":"{{new string('x', 200_000)}}"}""", true),
        new("many members", (p, _) => $$"""{"probe":"{{p}}",{{string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"\"k{i}\":{i}"))}}}""", true),
        new("nesting at the limit", (p, levels) => $$"""{"probe":"{{p}}","deep":{{Nested(levels)}}}""", true),
        new("nesting beyond the limit", (p, levels) => $$"""{"probe":"{{p}}","deep":{{Nested(levels + 1)}}}""", false),
        new("repeated name", (p, _) => $$"""{"probe":"{{p}}","tag":"a","tag":"b"}""", false),
        new("repeated name, escaped", (p, _) => $$"""{"probe":"{{p}}","a":1,"\u0061":2}""", false),
        new("repeated name, nested", (p, _) => $$"""{"probe":"{{p}}","x":[{"y":1,"y":2}]}""", false),
        new("lone high surrogate", (p, _) => $$"""{"probe":"{{p}}","t":"\ud800"}""", false),
        new("lone low surrogate in a name", (p, _) => $$"""{"probe":"{{p}}","\udc00":1}""", false),
        new("invalid UTF-8", (p, _) => $$"""{"probe":"{{p}}","t":"{{BadUtf8}}"}""", false),
        new("repeated name in the envelope", (p, _) => $$"""{"probe":"{{p}}"}""", false, Envelope: "repeat"),
    ];

    [Theory]
    [InlineData("mcp")]
    [InlineData("batch")]
    [InlineData("messages")]
    [InlineData("invoke")]
    public async Task EveryCallThatReachedTheBackend_HasExactlyOneRecord_AndRefusalsReachNone(string transport)
    {
        var logsBefore = fixture.Recorded.LogEntries.Count;
        var probes = Cases.ToDictionary(c => c, c => $"{transport}-{c.Label.Replace(' ', '-')}-{Guid.NewGuid():N}");
        await using var client = await TransportClient.OpenAsync(fixture.Gateway, transport);

        foreach (var c in Cases)
        {
            var arguments = c.Arguments(probes[c], client.NestingBudget);
            var (status, body, streamed) = await client.CallAsync(arguments, c.Envelope);
            if (c.Accepted)
            {
                Assert.True(status is 200 or 202, $"{c.Label}: {status} {body}");
                var answer = streamed ?? body;
                Assert.True(answer?["error"] is null, $"{c.Label}: {answer}");
            }
            else
            {
                Assert.True(status == 400, $"{c.Label}: {status} {body}");
                Assert.Equal(-32700, transport == "invoke" ? body!["error"]!["code"]!.GetValue<int>() : RawMcp.ErrorCode(body));
                if (transport == "invoke")
                {
                    Assert.Equal("parse_error", body!["error"]!["kind"]!.GetValue<string>());
                }
            }
        }

        // What the backend received, by probe: exactly the accepted calls, each once, each with exactly one record.
        var received = fixture.Backend.Requests
            .Where(r => r.Body["method"]?.GetValue<string>() == "tools/call")
            .Select(r => r.Body["params"]!["arguments"]!["probe"]?.GetValue<string>())
            .Where(p => p is not null && p.StartsWith(transport + "-", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(Cases.Where(c => c.Accepted).Select(c => probes[c]).Order(), received.Order());
        var records = await AuditDurabilityTests.RecordsAsync(fixture.Gateway.BaseAddress);
        foreach (var probe in received)
        {
            var recorded = records.Where(r => r["arguments"]?.GetValue<string>() is { } text && text.Contains(probe!, StringComparison.Ordinal)).ToList();
            var record = Assert.Single(recorded);
            Assert.Equal(64, record["arguments_digest"]!.GetValue<string>().Length);
            Assert.Equal("success", record["outcome"]!.GetValue<string>());
        }

        foreach (var refused in Cases.Where(c => !c.Accepted))
        {
            Assert.DoesNotContain(records, r => r["arguments"]?.GetValue<string>()?.Contains(probes[refused], StringComparison.Ordinal) == true);
        }

        AssertNoErrorLogged(logsBefore);
    }

    [Theory]
    [InlineData("mcp")]
    [InlineData("invoke")]
    public async Task NestingAtTheLimit_CanBeSerializedOnTheWayToAStdioBackend(string transport)
    {
        // The SDK's serializer stops at 64 levels: what the edge accepts must still fit once it is a JSON-RPC message.
        var logsBefore = fixture.Recorded.LogEntries.Count;
        await fixture.Gateway.WaitForToolAsync("hello.echo", new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        await using var client = await TransportClient.OpenAsync(fixture.Gateway, transport);
        var arguments = $$"""{"message":"deep","deep":{{Nested(client.NestingBudget)}}}""";

        var (status, body, _) = await client.CallAsync(arguments, null, "hello.echo");

        Assert.True(status == 200, $"{status} {body}");
        var result = transport == "invoke" ? body : body!["result"]!.AsObject();
        Assert.Equal("deep", result!["content"]![0]!["text"]!.GetValue<string>());
        AssertNoErrorLogged(logsBefore);
    }

    [Fact]
    public async Task ABatchWithOneHostileElement_IsRefusedWhole_BeforeAnyElementRuns()
    {
        var logsBefore = fixture.Recorded.LogEntries.Count;
        await using var client = await TransportClient.OpenAsync(fixture.Gateway, "batch");
        var good = "batch-whole-" + Guid.NewGuid().ToString("N");
        var batch = "[" + TransportClient.SessionMessage(1, $$"""{"probe":"{{good}}"}""") + ","
            + TransportClient.SessionMessage(2, """{"probe":"x","tag":"a","tag":"b"}""") + "]";

        var (status, body, _) = await client.SendAsync(Encoding.UTF8.GetBytes(batch));

        Assert.Equal(400, status);
        Assert.Equal(-32700, RawMcp.ErrorCode(body));
        Assert.DoesNotContain(fixture.Backend.Requests, r => r.Body.ToJsonString().Contains(good, StringComparison.Ordinal));
        AssertNoErrorLogged(logsBefore);
    }

    [Fact]
    public async Task AdminAndIssuerBodies_AreReadByTheSameReader()
    {
        var logsBefore = fixture.Recorded.LogEntries.Count;
        using var http = new HttpClient();
        async Task<(int Status, JsonObject? Body)> PostAsync(string path, byte[] body)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(new Uri(fixture.Gateway.BaseAddress, path), content);
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null);
        }

        foreach (var body in new[] { """{"reason":"a","reason":"b"}""", """{"reason":"\ud800"}""", "{\"reason\":\"" + BadUtf8 + "\"}", "{\"reason\":" + Nested(StrictJson.MaxDepth) + "}" })
        {
            var (status, answer) = await PostAsync("/admin/approvals/nope/approve", TransportClient.Bytes(body));
            Assert.Equal(400, status);
            Assert.Equal("parse_error", answer!["error"]!["kind"]!.GetValue<string>());
        }

        Assert.Equal(404, (await PostAsync("/admin/approvals/nope/reject", """{"reason":"\ud83d\ude00"}"""u8.ToArray())).Status);
        AssertNoErrorLogged(logsBefore);
    }

    [Theory]
    [InlineData("/mcp", "jsonrpc")]
    [InlineData("/mcp/invoke", "rest")]
    public async Task ABodyKestrelCannotRead_IsA400InTheEndpointsShape_AndOneWarning(string path, string shape)
    {
        var logsBefore = fixture.Recorded.LogEntries.Count;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Gateway.BaseAddress.Host, fixture.Gateway.BaseAddress.Port);
        var stream = tcp.GetStream();
        var request = $"POST {path} HTTP/1.1\r\nHost: {fixture.Gateway.BaseAddress.Authority}\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\nnot a chunk\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        var json = JsonNode.Parse(answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..])!;
        if (shape == "rest")
        {
            Assert.Equal("invalid_request", json["error"]!["kind"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal("2.0", json["jsonrpc"]!.GetValue<string>());
            Assert.Equal(-32600, json["error"]!["code"]!.GetValue<int>());
        }

        var warning = Assert.Single(fixture.Recorded.LogEntries.Skip(logsBefore), e => e.EventId.Id == 7001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("bad_request", warning.Line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", warning.Line, StringComparison.Ordinal);
        AssertNoErrorLogged(logsBefore);
    }

    [Fact]
    public async Task AClientThatGoesAwayWhileItsBodyIsRead_IsOneWarning()
    {
        var logsBefore = fixture.Recorded.LogEntries.Count;
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(fixture.Gateway.BaseAddress.Host, fixture.Gateway.BaseAddress.Port);
            var request = $"POST /mcp/invoke HTTP/1.1\r\nHost: {fixture.Gateway.BaseAddress.Authority}\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"tool_name\":";
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request));
            await tcp.GetStream().FlushAsync();
            await Task.Delay(200);
        }

        await Eventually.UntilAsync(() => fixture.Recorded.LogEntries.Skip(logsBefore).Any(e => e.EventId.Id == 7001), "a warning (7001) for the client that went away");

        Assert.Equal(LogLevel.Warning, fixture.Recorded.LogEntries.Skip(logsBefore).Single(e => e.EventId.Id == 7001).Level);
        AssertNoErrorLogged(logsBefore);
    }

    [Theory]
    [InlineData("mcp")]
    [InlineData("invoke")]
    public async Task ACallThatThrowsAfterTheBackendRan_IsRecordedOnce_AndA500InTheEndpointsShape(string transport)
    {
        var logsBefore = fixture.Recorded.LogEntries.Count;
        await using var client = await TransportClient.OpenAsync(fixture.Gateway, transport);
        var probe = "explode-" + transport + "-" + Guid.NewGuid().ToString("N");

        var (status, body, _) = await client.CallAsync($$"""{"probe":"{{probe}}","explode":true}""", null);

        Assert.Equal(500, status);
        if (transport == "invoke")
        {
            Assert.Equal("internal", body!["error"]!["kind"]!.GetValue<string>());
            Assert.Equal(-32603, body["error"]!["code"]!.GetValue<int>());
            Assert.Null(body["jsonrpc"]);
        }
        else
        {
            Assert.Equal(-32603, RawMcp.ErrorCode(body));
        }

        Assert.Single(fixture.Backend.Requests, r => r.Body.ToJsonString().Contains(probe, StringComparison.Ordinal));
        var records = await AuditDurabilityTests.RecordsAsync(fixture.Gateway.BaseAddress);
        var record = Assert.Single(records, r => r["arguments"]?.GetValue<string>()?.Contains(probe, StringComparison.Ordinal) == true);
        Assert.Equal("Internal", record["error_kind"]!.GetValue<string>());

        // A real failure is logged as one (with its exception): what the other tests find absent is observable here.
        Assert.Contains(fixture.Recorded.LogEntries.Skip(logsBefore), e => e.Level == LogLevel.Error && e.Line.Contains("a bug after the backend answered", StringComparison.Ordinal));
    }

    private void AssertNoErrorLogged(int before)
    {
        var errors = fixture.Recorded.LogEntries.Skip(before).Where(e => e.Level >= LogLevel.Error).Select(e => e.Line).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Sends one <c>tools/call</c> of <see cref="Tool"/> with given arguments over one transport, as raw bytes.</summary>
    private sealed class TransportClient : IAsyncDisposable
    {
        private readonly GatewayHost _gateway;
        private readonly string _transport;
        private readonly RawMcp _raw;
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
        private string? _sessionId;
        private Uri? _messages;
        private SseReader? _stream;
        private int _nextId = 10;

        private TransportClient(GatewayHost gateway, string transport)
        {
            _gateway = gateway;
            _transport = transport;
            _raw = new RawMcp(gateway.McpEndpoint);
        }

        /// <summary>How many levels of arrays the arguments may still hold at the accepted limit (their own level counted).</summary>
        public int NestingBudget => _transport switch
        {
            "batch" => StrictJson.MaxDepth - 4, // array > message > params > arguments
            "invoke" => StrictJson.MaxDepth - 1 - 2, // one level less on /mcp/invoke; body > arguments
            _ => StrictJson.MaxDepth - 3, // message > params > arguments
        };

        public static async Task<TransportClient> OpenAsync(GatewayHost gateway, string transport)
        {
            var client = new TransportClient(gateway, transport);
            await gateway.WaitForToolAsync(Tool, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            if (transport == "batch")
            {
                var (status, body, response) = await client._raw.SendAsync(client._raw.Post(
                    """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{}}}"""));
                Assert.True(status == 200, $"initialize: {status} {body}");
                client._sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
            }
            else if (transport == "messages")
            {
                client._stream = await SseReader.OpenAsync(client._http, new Uri(gateway.BaseAddress, "/sse"));
                var endpoint = await client._stream.NextEventAsync(TimeSpan.FromSeconds(30));
                Assert.Equal("endpoint", endpoint?.Event);
                client._messages = new Uri(gateway.BaseAddress, endpoint!.Data);
            }

            return client;
        }

        public static string SessionMessage(int id, string arguments, string? envelope = null, string tool = Tool) =>
            $$"""{"jsonrpc":"2.0","id":{{id}},"method":"tools/call",{{(envelope is null ? "" : "\"method\":\"tools/call\",")}}"params":{"name":"{{tool}}","arguments":""" + arguments + "}}";

        /// <summary>UTF-8 of <paramref name="text"/>, with <see cref="BadUtf8"/> replaced by bytes that are not UTF-8.</summary>
        public static byte[] Bytes(string text)
        {
            var parts = text.Split(BadUtf8);
            return [.. parts.SelectMany((part, i) => i == 0 ? Encoding.UTF8.GetBytes(part) : new byte[] { 0xC0, 0x80 }.Concat(Encoding.UTF8.GetBytes(part)))];
        }

        /// <summary>The status and body of the answer; on the legacy stream also the message answering the call.</summary>
        public async Task<(int Status, JsonObject? Body, JsonObject? Streamed)> CallAsync(string arguments, string? envelope, string tool = Tool)
        {
            var id = Interlocked.Increment(ref _nextId);
            var repeat = envelope is null ? "" : "\"method\":\"tools/call\",";
            var text = _transport switch
            {
                "mcp" => $$"""{"jsonrpc":"2.0","id":{{id}},"method":"tools/call",{{repeat}}"params":{"name":"{{tool}}","arguments":""" + arguments + "," + StatelessMeta + "}}",
                "batch" => "[" + SessionMessage(id, arguments, envelope, tool) + "]",
                "messages" => SessionMessage(id, arguments, envelope, tool),
                _ => $$"""{"tool_name":"{{tool}}",{{(envelope is null ? "" : $"\"tool_name\":\"{tool}\",")}}"arguments":""" + arguments + "}",
            };
            var (status, body, _) = await SendAsync(Bytes(text), tool);
            if (_transport == "batch" && status == 200)
            {
                return (status, body, null);
            }

            if (_transport == "messages" && status == 202)
            {
                var answer = await _stream!.NextMessageAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(id, answer["id"]!.GetValue<int>());
                return (status, body, answer);
            }

            return (status, body, null);
        }

        public async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> SendAsync(byte[] body, string tool = Tool)
        {
            var url = _transport switch
            {
                "messages" => _messages!,
                "invoke" => new Uri(_gateway.BaseAddress, "/mcp/invoke"),
                _ => _gateway.McpEndpoint,
            };
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            if (_transport == "mcp")
            {
                request.Headers.Add("MCP-Protocol-Version", RawMcp.Stateless);
                request.Headers.Add("Mcp-Method", "tools/call");
                request.Headers.Add("Mcp-Name", tool);
            }
            else if (_sessionId is not null)
            {
                request.Headers.Add("Mcp-Session-Id", _sessionId);
                request.Headers.Add("MCP-Protocol-Version", "2025-03-26");
            }

            var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonObject? json = null;
            if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                var node = JsonNode.Parse(text);
                json = node as JsonObject ?? (node is JsonArray { Count: 1 } batch ? batch[0] as JsonObject : null);
            }

            return ((int)response.StatusCode, json, response);
        }

        public async ValueTask DisposeAsync()
        {
            if (_stream is not null)
            {
                await _stream.DisposeAsync();
            }

            _raw.Dispose();
            _http.Dispose();
        }
    }
}
