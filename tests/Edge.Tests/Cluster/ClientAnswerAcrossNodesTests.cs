using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// Two real gateway processes on one PostgreSQL in front of the conformance backend: a backend's request to the client
/// (elicitation) is sent by the node serving the call, and the client's answer, posted to the other node (as a
/// round-robin ingress would), reaches it through the session's grain; the backend gets the answer and the call
/// completes. A 2026-07-28 client's retry (<c>requestState</c>) of a call held on one node, posted to the other, reaches
/// the held call through its grain; once that node is gone, a retry gets a clear error.
/// </summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class ClientAnswerAcrossNodesTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new("mcpgw-answers");
    private GatewayCluster? _cluster;
    private ConformanceBackend? _backend;

    public async Task InitializeAsync()
    {
        _backend = await ConformanceBackend.StartAsync();
        _folder.Write("config/tools.yaml", "backends:\n" + _backend.Entry("streamable-http", "2025-11-25"));
        _folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        _cluster = await GatewayCluster.StartAsync(2, _folder, new Dictionary<string, string?> { ["LOG_LEVEL"] = "Warning" }, databasePrefix: "answers");
        using var raw = new RawMcp(new Uri(_cluster!.Node(0), "/mcp"));
        await Eventually.UntilAsync(
            async () =>
            {
                var (_, body, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
                return body?["result"]?["tools"]?.AsArray().Any(t => t?["name"]?.GetValue<string>() == "conf.test_elicitation") == true;
            },
            "the conformance backend's tools listed on the first node",
            Clients.Timeout);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task ClientAnswer_PostedToAnotherNode_ReachesTheBackendRequestWaitingOnTheCallsNode()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var (callNode, answerNode) = (new Uri(_cluster!.Node(0), "/mcp"), new Uri(_cluster!.Node(1), "/mcp"));
        using var opened = await http.SendAsync(Post(callNode, new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["method"] = "initialize",
            ["params"] = new JsonObject { ["protocolVersion"] = "2025-11-25", ["capabilities"] = new JsonObject { ["elicitation"] = new JsonObject() } },
        }, null));
        var sessionId = opened.Headers.GetValues("Mcp-Session-Id").Single();
        using (await http.SendAsync(Post(answerNode, new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" }, sessionId)))
        {
        }

        // The call on the first node: its answer streams the backend's elicitation request, then waits.
        var call = Post(callNode, new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 2,
            ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = "conf.test_elicitation", ["arguments"] = new JsonObject { ["message"] = "Who are you?" } },
        }, sessionId);
        var response = await http.SendAsync(call, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await SseReader.OfAsync(response);
        var asked = await stream.NextMessageAsync();
        Assert.Equal("elicitation/create", asked["method"]!.GetValue<string>());
        Assert.Equal("Who are you?", asked["params"]!["message"]!.GetValue<string>());

        // The client's answer goes to the second node.
        using var answered = await http.SendAsync(Post(answerNode, new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = asked["id"]!.DeepClone(),
            ["result"] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["username"] = "ada", ["email"] = "ada@example.com" } },
        }, sessionId));
        Assert.Equal(202, (int)answered.StatusCode);

        var result = await stream.NextMessageAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, result["id"]!.GetValue<int>());
        Assert.Contains("ada@example.com", result["result"]!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestStateRetry_PostedToAnotherNode_ReachesTheHeldCall_AndAfterItsNodeDiedIsRefused()
    {
        using var holding = new RawMcp(new Uri(_cluster!.Node(0), "/mcp"));
        using var other = new RawMcp(new Uri(_cluster!.Node(1), "/mcp"));
        var elicitation = new JsonObject { ["elicitation"] = new JsonObject() };

        // The first round on node 0: the backend's question comes back as input_required, the call is held there.
        var first = (await SendStatelessAsync(holding, ElicitationCall(null), elicitation))["result"]!.AsObject();
        Assert.Equal("input_required", first["resultType"]!.GetValue<string>());
        var (key, request) = Assert.Single(first["inputRequests"]!.AsObject());
        Assert.Equal("elicitation/create", request!["method"]!.GetValue<string>());
        var state = first["requestState"]!.GetValue<string>();

        // The retry with the answer, posted to node 1, completes the call held on node 0.
        var answer = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["username"] = "grace", ["email"] = "grace@example.com" } };
        var done = await SendStatelessAsync(other, ElicitationCall(new JsonObject { ["requestState"] = state, ["inputResponses"] = new JsonObject { [key] = answer.DeepClone() } }), elicitation);
        Assert.Equal("complete", done["result"]!["resultType"]!.GetValue<string>());
        Assert.Contains("grace@example.com", done["result"]!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // The call is over: the same requestState again, on either node, names nothing.
        Assert.Equal(-32602, RawMcp.ErrorCode(await SendStatelessAsync(other, ElicitationCall(new JsonObject { ["requestState"] = state, ["inputResponses"] = new JsonObject { [key] = answer.DeepClone() } }), elicitation)));

        // A call held on node 0, which then dies: its retry on node 1 is refused (invalid params), not left waiting.
        var held = (await SendStatelessAsync(holding, ElicitationCall(null), elicitation))["result"]!.AsObject();
        var heldState = held["requestState"]!.GetValue<string>();
        var heldKey = Assert.Single(held["inputRequests"]!.AsObject()).Key;
        _cluster.Nodes[0].Process.KillHard();
        await _cluster.Nodes[0].Process.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        var refused = await SendStatelessAsync(other, ElicitationCall(new JsonObject { ["requestState"] = heldState, ["inputResponses"] = new JsonObject { [heldKey] = answer.DeepClone() } }), elicitation);
        Assert.Equal(-32602, RawMcp.ErrorCode(refused));
        Assert.Contains("requestState", refused["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static JsonObject ElicitationCall(JsonObject? extra)
    {
        var parameters = new JsonObject { ["name"] = "conf.test_elicitation", ["arguments"] = new JsonObject { ["message"] = "Your name?" } };
        foreach (var (key, value) in extra ?? [])
        {
            parameters[key] = value?.DeepClone();
        }

        return parameters;
    }

    /// <summary>A 2026-07-28 <c>tools/call</c> declaring <paramref name="capabilities"/>; its JSON-RPC answer (HTTP 200).</summary>
    private static async Task<JsonObject> SendStatelessAsync(RawMcp raw, JsonObject parameters, JsonObject capabilities)
    {
        var request = raw.Stateless2026("tools/call", parameters);
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!["io.modelcontextprotocol/clientCapabilities"] = capabilities.DeepClone();
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var (status, answer, _) = await raw.SendAsync(request);
        Assert.Equal(200, status);
        return answer!;
    }

    private static HttpRequestMessage Post(Uri endpoint, JsonObject message, string? sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }

        return request;
    }
}
