// Sampling, elicitation and roots are what this relays; revision 2026-07-28 deprecates them (MCP9005).
#pragma warning disable MCP9005

using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Upstreams.Connections;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Requests a backend makes while serving a call (sampling, elicitation, roots) reach the calling client and its answer
/// goes back; the backend sees the client's own capabilities; a client that did not declare one is never asked.
/// The backend is the conformance backend (src/Tools/Conformance) over Streamable HTTP, legacy SSE and stdio, on a
/// session revision and on 2026-07-28 (multi-round-trip requests).
/// </summary>
public sealed class ClientRequestRelayTests : IAsyncLifetime
{
    private ConformanceBackend? _backend;

    public async Task InitializeAsync() => _backend = await ConformanceBackend.StartAsync();

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    private string Backend(string transport, string? protocolVersion) => _backend!.Entry(transport, protocolVersion);

    /// <summary>A client that answers sampling, elicitation and roots, recording what it was asked.</summary>
    private sealed class AnsweringClient
    {
        public List<string> Asked { get; } = [];

        public McpClientOptions Options(string? protocolVersion) => new()
        {
            ProtocolVersion = protocolVersion,
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (request, _, _) =>
                {
                    Asked.Add("sampling:" + JsonSerializer.Serialize(request!.Messages[0].Content, McpJsonUtilities.DefaultOptions));
                    return ValueTask.FromResult(new CreateMessageResult
                    {
                        Role = Role.Assistant,
                        Model = "test-model",
                        Content = [new TextContentBlock { Text = "a sampled answer" }],
                    });
                },
                ElicitationHandler = (request, _) =>
                {
                    Asked.Add("elicitation:" + request!.Message);
                    return ValueTask.FromResult(new ElicitResult
                    {
                        Action = "accept",
                        Content = new Dictionary<string, JsonElement>
                        {
                            ["username"] = JsonSerializer.SerializeToElement("ada"),
                            ["email"] = JsonSerializer.SerializeToElement("ada@example.com"),
                        },
                    });
                },
                RootsHandler = (_, _) =>
                {
                    Asked.Add("roots");
                    return ValueTask.FromResult(new ListRootsResult { Roots = [new Root { Uri = "file:///work/project", Name = "project" }] });
                },
            },
        };
    }

    private static async Task<string> CallTextAsync(McpClient client, string tool, Dictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, arguments ?? [], cancellationToken: cancellationToken);
        return string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
    }

    [Theory]
    [InlineData("streamable-http", "2025-11-25")]
    [InlineData("streamable-http", "2026-07-28")]
    [InlineData("sse", null)]
    [InlineData("stdio", "2025-11-25")]
    [InlineData("stdio", "2026-07-28")]
    public async Task SessionClient_AnswersTheBackendsSamplingElicitationAndRoots(string transport, string? backendRevision)
    {
        await using var gateway = await GatewayHost.StartAsync(Backend(transport, backendRevision));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        var answering = new AnsweringClient();
        await using var client = await Clients.ConnectWithAsync(gateway.McpEndpoint, answering.Options("2025-11-25"), cts.Token);

        var sampled = await CallTextAsync(client, "conf.test_sampling", new() { ["prompt"] = "What is MCP?" }, cts.Token);
        Assert.Contains("a sampled answer", sampled, StringComparison.Ordinal);
        var elicited = await CallTextAsync(client, "conf.test_elicitation", new() { ["message"] = "Who are you?" }, cts.Token);
        Assert.Contains("ada@example.com", elicited, StringComparison.Ordinal);
        var roots = await CallTextAsync(client, "conf.test_roots", null, cts.Token);
        Assert.Contains("file:///work/project", roots, StringComparison.Ordinal);

        Assert.Equal(3, answering.Asked.Count);
        Assert.Contains("What is MCP?", answering.Asked[0], StringComparison.Ordinal);
        Assert.Equal("elicitation:Who are you?", answering.Asked[1]);
        Assert.Equal("roots", answering.Asked[2]);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task LegacySseClient_AnswersTheBackendsSampling_OnItsStream(string backendRevision)
    {
        await using var gateway = await GatewayHost.StartAsync(Backend("streamable-http", backendRevision));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        var answering = new AnsweringClient();
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(gateway.BaseAddress, "/sse"), TransportMode = HttpTransportMode.Sse }),
            answering.Options(null),
            cancellationToken: cts.Token);

        var sampled = await CallTextAsync(client, "conf.test_sampling", new() { ["prompt"] = "over the legacy stream" }, cts.Token);
        Assert.Contains("a sampled answer", sampled, StringComparison.Ordinal);
        Assert.Contains("over the legacy stream", Assert.Single(answering.Asked), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatelessClient_AnswersInputRequired_ItsRetryGoesThrough()
    {
        await using var gateway = await GatewayHost.StartAsync(Backend("streamable-http", "2026-07-28"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);

        // The backend's input_required result reaches a 2026-07-28 client unchanged ...
        using var raw = new RawMcp(gateway.McpEndpoint);
        var request = raw.Stateless2026("tools/call", new JsonObject { ["name"] = "conf.test_sampling", ["arguments"] = new JsonObject { ["prompt"] = "hi" } });
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!["io.modelcontextprotocol/clientCapabilities"] = new JsonObject { ["sampling"] = new JsonObject() };
        request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var (_, answer, _) = await raw.SendAsync(request);
        var result = answer!["result"]!;
        Assert.Equal("input_required", result["resultType"]!.GetValue<string>());
        Assert.Equal("sampling/createMessage", result["inputRequests"]!["sampling"]!["method"]!.GetValue<string>());

        // ... and a client that resolves it itself (the C# SDK) sends the call again with its answers.
        var answering = new AnsweringClient();
        await using var client = await Clients.ConnectWithAsync(gateway.McpEndpoint, answering.Options(null), cts.Token);
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        var sampled = await CallTextAsync(client, "conf.test_sampling", new() { ["prompt"] = "stateless" }, cts.Token);
        Assert.Contains("a sampled answer", sampled, StringComparison.Ordinal);
        Assert.Single(answering.Asked);
    }

    [Theory]
    [InlineData("streamable-http", "2025-11-25")]
    [InlineData("stdio", "2025-11-25")]
    [InlineData("sse", null)]
    public async Task StatelessClient_StatefulBackendAsking_GetsInputRequired_AndItsRetryAnswersTheBackend(string transport, string? backendRevision)
    {
        await using var gateway = await GatewayHost.StartAsync(Backend(transport, backendRevision));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        var connection = gateway.Services.GetRequiredService<BackendPool>().Find("conf")!;

        // A 2026-07-28 client that resolves input_required itself (the C# SDK) is asked all three, and gets its results.
        var answering = new AnsweringClient();
        await using var client = await Clients.ConnectWithAsync(gateway.McpEndpoint, answering.Options(null), cts.Token);
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Contains("a sampled answer", await CallTextAsync(client, "conf.test_sampling", new() { ["prompt"] = "held" }, cts.Token), StringComparison.Ordinal);
        Assert.Contains("ada@example.com", await CallTextAsync(client, "conf.test_elicitation", new() { ["message"] = "Who?" }, cts.Token), StringComparison.Ordinal);
        Assert.Contains("file:///work/project", await CallTextAsync(client, "conf.test_roots", null, cts.Token), StringComparison.Ordinal);
        Assert.Equal(3, answering.Asked.Count);
        Assert.Contains("held", answering.Asked[0], StringComparison.Ordinal);
        Assert.Equal(0, connection.HeldCallCount);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(null)]
    public async Task StdioClient_ThroughTheBridge_AnswersTheBackendsRequests(string? clientRevision)
    {
        await using var gateway = await GatewayHost.StartAsync(Backend("streamable-http", "2025-11-25"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "bridge",
            Command = ChildProcess.DotnetHost,
            Arguments = [Path.Combine(AppContext.BaseDirectory, "mcpgw.dll"), "bridge", "--endpoint", gateway.ScopedEndpoint("conf").ToString()],
        });
        var answering = new AnsweringClient();
        await using var client = await McpClient.CreateAsync(transport, answering.Options(clientRevision), cancellationToken: cts.Token);

        Assert.Contains("ada@example.com", await CallTextAsync(client, "conf.test_elicitation", new() { ["message"] = "Through the bridge?" }, cts.Token), StringComparison.Ordinal);
        Assert.Contains("a sampled answer", await CallTextAsync(client, "conf.test_sampling", new() { ["prompt"] = "bridged" }, cts.Token), StringComparison.Ordinal);
        Assert.Equal("elicitation:Through the bridge?", answering.Asked[0]);
        Assert.Contains("bridged", answering.Asked[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatelessClient_StatefulBackendAsking_RawRounds()
    {
        await using var gateway = await GatewayHost.StartAsync(Backend("streamable-http", "2025-11-25"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        var connection = gateway.Services.GetRequiredService<BackendPool>().Find("conf")!;
        using var raw = new RawMcp(gateway.McpEndpoint);
        JsonObject Call(JsonObject? extra = null)
        {
            var parameters = new JsonObject { ["name"] = "conf.test_elicitation", ["arguments"] = new JsonObject { ["message"] = "Your name?" } };
            foreach (var (key, value) in extra ?? [])
            {
                parameters[key] = value?.DeepClone();
            }

            return parameters;
        }

        async Task<JsonObject> SendAsync(JsonObject parameters, JsonObject capabilities)
        {
            var request = raw.Stateless2026("tools/call", parameters);
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
            body["params"]!["_meta"]!["io.modelcontextprotocol/clientCapabilities"] = capabilities.DeepClone();
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            var (status, answer, _) = await raw.SendAsync(request);
            Assert.Equal(200, status);
            return answer!;
        }

        var elicitation = new JsonObject { ["elicitation"] = new JsonObject() };
        var first = (await SendAsync(Call(), elicitation))["result"]!.AsObject();
        Assert.Equal("input_required", first["resultType"]!.GetValue<string>());
        var (key, request) = Assert.Single(first["inputRequests"]!.AsObject());
        Assert.Equal("elicitation/create", request!["method"]!.GetValue<string>());
        Assert.Equal("Your name?", request["params"]!["message"]!.GetValue<string>());
        var state = first["requestState"]!.GetValue<string>();
        Assert.Equal(1, connection.HeldCallCount);

        // A retry naming no waiting call is refused; the right one completes the call.
        var unknown = await SendAsync(Call(new JsonObject { ["requestState"] = "mcpgw-held-unknown", ["inputResponses"] = new JsonObject() }), elicitation);
        Assert.Equal(-32602, RawMcp.ErrorCode(unknown));
        var answer = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["username"] = "grace", ["email"] = "grace@example.com" } };
        var done = await SendAsync(Call(new JsonObject { ["requestState"] = state, ["inputResponses"] = new JsonObject { [key] = answer } }), elicitation);
        Assert.Equal("complete", done["result"]!["resultType"]!.GetValue<string>());
        Assert.Contains("grace@example.com", done["result"]!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, connection.HeldCallCount);

        // Without the capability the backend is told the client has none (no call is held).
        var plain = await SendAsync(Call(), new JsonObject());
        Assert.Contains("does not support elicitation", plain["result"]!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("streamable-http", "2025-11-25")]
    [InlineData("streamable-http", "2026-07-28")]
    [InlineData("stdio", "2025-11-25")]
    public async Task Backend_SeesTheClientsOwnCapabilities_IntersectedWithWhatTheGatewayRelays(string transport, string backendRevision)
    {
        await using var gateway = await GatewayHost.StartAsync(Backend(transport, backendRevision));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);

        var options = new AnsweringClient().Options("2025-11-25");
        options.Handlers.ElicitationHandler = null;
        options.Handlers.RootsHandler = null;
        options.Capabilities = new ClientCapabilities { Experimental = new Dictionary<string, object> { ["gateway-test"] = new JsonObject() } };
        await using var sampling = await Clients.ConnectWithAsync(gateway.McpEndpoint, options, cts.Token);
        var seen = JsonNode.Parse(await CallTextAsync(sampling, "conf.test_client_capabilities", null, cts.Token))!.AsObject();
        Assert.Equal(["sampling"], seen.Select(p => p.Key));

        await using var plain = await Clients.ConnectAsync(gateway.McpEndpoint, "2025-11-25", cts.Token);
        var none = JsonNode.Parse(await CallTextAsync(plain, "conf.test_client_capabilities", null, cts.Token))!.AsObject();
        Assert.DoesNotContain(none, p => p.Key is "sampling" or "elicitation" or "roots" or "experimental");
        Assert.Contains("does not support sampling", await CallTextAsync(plain, "conf.test_sampling", new() { ["prompt"] = "x" }, cts.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendAskingAClientThatDidNotDeclareTheCapability_GetsAJsonRpcError()
    {
        await using var gateway = await GatewayHost.StartAsync(Backend("streamable-http", "2025-11-25"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        await using var plain = await Clients.ConnectAsync(gateway.McpEndpoint, "2025-11-25", cts.Token);

        var refused = await CallTextAsync(plain, "conf.test_sampling_unchecked", null, cts.Token);
        Assert.Contains("Sampling refused: -32601", refused, StringComparison.Ordinal);
        Assert.Contains("did not declare the 'sampling' capability", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatelessBackendAskingAClientThatDidNotDeclareTheCapability_FailsTheCall()
    {
        await using var gateway = await GatewayHost.StartAsync(Backend("streamable-http", "2026-07-28"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        await using var plain = await Clients.ConnectAsync(gateway.McpEndpoint, "2025-11-25", cts.Token);

        var error = await Assert.ThrowsAsync<McpProtocolException>(async () =>
            await plain.CallToolAsync("conf.test_sampling_unchecked", new Dictionary<string, object?>(), cancellationToken: cts.Token));
        Assert.Contains("did not declare that capability", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendCancellingItsRequest_TellsTheClient()
    {
        await using var gateway = await GatewayHost.StartAsync(Backend("streamable-http", "2025-11-25"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        using var raw = new RawMcp(gateway.McpEndpoint);
        var (_, _, opened) = await raw.SendAsync(raw.Post(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"sampling":{}},"clientInfo":{"name":"raw","version":"1"}}}"""));
        var sessionId = opened.Headers.GetValues("Mcp-Session-Id").Single();

        // The call's answer is an event stream: the backend's sampling request, then (the client never answering)
        // notifications/cancelled for it once the backend gives up, then the result.
        var call = raw.Post("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"conf.test_sampling_cancelled","arguments":{}}}""");
        call.Headers.Add("Mcp-Session-Id", sessionId);
        call.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        var (_, _, response) = await raw.SendAsync(call);
        var messages = SseEvent.Messages(await response.Content.ReadAsStringAsync());

        Assert.True(messages.Count == 3, string.Join("\n", messages.Select(m => m.ToJsonString())));
        Assert.Equal("sampling/createMessage", messages[0]["method"]!.GetValue<string>());
        Assert.Equal("notifications/cancelled", messages[1]["method"]!.GetValue<string>());
        Assert.Equal(messages[0]["id"]!.ToJsonString(), messages[1]["params"]!["requestId"]!.ToJsonString());
        Assert.Equal("Sampling request cancelled", messages[2]["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task ClientsOwnBackendSession_IsOpenedOnFirstCall_AndClosedWithItsSession()
    {
        await using var gateway = await GatewayHost.StartAsync(Backend("streamable-http", "2025-11-25"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_simple_text", cts.Token);
        var connection = gateway.Services.GetRequiredService<BackendPool>().Find("conf")!;

        var client = await Clients.ConnectWithAsync(gateway.McpEndpoint, new AnsweringClient().Options("2025-11-25"), cts.Token);
        Assert.Equal(0, connection.SessionClientCount);
        await CallTextAsync(client, "conf.test_simple_text", null, cts.Token);
        Assert.Equal(1, connection.SessionClientCount);

        await client.DisposeAsync();   // DELETE ends the gateway session, and with it the backend session
        Assert.Equal(0, connection.SessionClientCount);
    }
}
