using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Arguments are checked against the tool's inputSchema before the call leaves the gateway, and structured results
/// against its outputSchema after; per backend enforce, warn or off. The backend is the real fake-backend.mjs.
/// </summary>
public sealed class SchemaValidationTests
{
    private static string Fake(string name, string mode) => $"""
          - name: {name}
            transport: stdio
            command: [node, "{Path.Combine(RepoPaths.NodeTools, "fake-backend.mjs")}"]
            schema_validation: {mode}
            discovery_timeout_seconds: 15

        """;

    private static async Task<JsonObject> CallAsync(RawMcp raw, string tool, JsonObject arguments)
    {
        var (status, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments }));
        Assert.Equal(200, status);
        return body!;
    }

    private static string Text(JsonObject body) => body["result"]!["content"]![0]!["text"]!.GetValue<string>();

    [Fact]
    public async Task Enforce_AnInputRequiredRound_IsNotCheckedAgainstTheOutputSchema_TheFinalResultIs()
    {
        await using var gateway = await GatewayHost.StartAsync(Fake("fake", "enforce"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("fake.ask_output", cts.Token);
        using var raw = new RawMcp(gateway.McpEndpoint);
        async Task<JsonObject> RoundAsync(JsonObject extra)
        {
            var parameters = new JsonObject { ["name"] = "fake.ask_output", ["arguments"] = new JsonObject() };
            foreach (var (key, value) in extra)
            {
                parameters[key] = value?.DeepClone();
            }

            var request = raw.Stateless2026("tools/call", parameters);
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
            body["params"]!["_meta"]!["io.modelcontextprotocol/clientCapabilities"] = new JsonObject { ["elicitation"] = new JsonObject() };
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            var (status, answer, _) = await raw.SendAsync(request);
            Assert.Equal(200, status);
            return answer!["result"]!.AsObject();
        }

        // The stateful backend's elicitation comes back as input_required (no structuredContent yet), unchanged.
        var first = await RoundAsync([]);
        Assert.Equal("input_required", first["resultType"]!.GetValue<string>());
        var key = Assert.Single(first["inputRequests"]!.AsObject()).Key;

        var done = await RoundAsync(new JsonObject
        {
            ["requestState"] = first["requestState"]!.DeepClone(),
            ["inputResponses"] = new JsonObject { [key] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["sum"] = 7 } } },
        });
        Assert.Equal(7, done["structuredContent"]!["sum"]!.GetValue<int>());
        Assert.Null(done["isError"]);
    }

    [Fact]
    public async Task Enforce_InvalidArgumentsNeverReachTheBackend_AndBadResultsBecomeToolErrors()
    {
        await using var gateway = await GatewayHost.StartAsync(Fake("fake", "enforce") + GatewayHost.HelloStdio());
        using var raw = new RawMcp(gateway.McpEndpoint);

        var wrongType = await CallAsync(raw, "fake.count", new JsonObject { ["n"] = "three" });
        Assert.Equal(-32602, RawMcp.ErrorCode(wrongType));
        var errors = wrongType["error"]!["data"]!["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["instancePath"]!.GetValue<string>() == "/n");

        Assert.Equal(-32602, RawMcp.ErrorCode(await CallAsync(raw, "fake.count", new JsonObject { ["n"] = -1 })));
        Assert.Equal(-32602, RawMcp.ErrorCode(await CallAsync(raw, "fake.count", new JsonObject())));
        Assert.Equal(-32602, RawMcp.ErrorCode(await CallAsync(raw, "fake.count", new JsonObject { ["n"] = 1, ["extra"] = true })));
        Assert.Equal(-32602, RawMcp.ErrorCode(await CallAsync(raw, "hello.sum", new JsonObject { ["numbers"] = "1,2" })));

        // The first valid call is the first the backend ever received.
        Assert.Equal("1", Text(await CallAsync(raw, "fake.count", new JsonObject { ["n"] = 5 })));

        var bad = await CallAsync(raw, "fake.bad_output", new JsonObject());
        Assert.True(bad["result"]!["isError"]!.GetValue<bool>());
        Assert.Contains("backend 'fake'", Text(bad), StringComparison.Ordinal);
        Assert.Contains("outputSchema", Text(bad), StringComparison.Ordinal);

        var good = await CallAsync(raw, "fake.good_output", new JsonObject());
        Assert.Equal(3, good["result"]!["structuredContent"]!["sum"]!.GetValue<int>());
        Assert.Null(good["result"]!["isError"]);
    }

    [Fact]
    public async Task Enforce_PromptArgumentsAreChecked()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio());
        using var raw = new RawMcp(gateway.McpEndpoint);
        var (_, missing, _) = await raw.SendAsync(raw.Stateless2026("prompts/get", new JsonObject { ["name"] = "hello.hello-plan", ["arguments"] = new JsonObject() }));
        Assert.Equal(-32602, RawMcp.ErrorCode(missing));
        Assert.Contains("'name'", missing!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, unknown, _) = await raw.SendAsync(raw.Stateless2026("prompts/get", new JsonObject { ["name"] = "hello.hello-plan", ["arguments"] = new JsonObject { ["name"] = "a", ["age"] = "3" } }));
        Assert.Equal(-32602, RawMcp.ErrorCode(unknown));
    }

    [Theory]
    [InlineData("warn")]
    [InlineData("off")]
    public async Task WarnAndOff_LetEverythingThrough(string mode)
    {
        await using var gateway = await GatewayHost.StartAsync(Fake("lax", mode));
        using var raw = new RawMcp(gateway.McpEndpoint);

        // The backend itself does not check, so it counts the call.
        Assert.Equal("1", Text(await CallAsync(raw, "lax.count", new JsonObject { ["n"] = "three" })));
        var bad = await CallAsync(raw, "lax.bad_output", new JsonObject());
        Assert.Equal("not a number", bad["result"]!["structuredContent"]!["sum"]!.GetValue<string>());
    }
}
