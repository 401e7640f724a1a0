using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>What reaches an HTTP backend: the backend's own tool name, the caller's trace context only, the request id, the shared secret.</summary>
public sealed class UpstreamRequestTests
{
    private const string Traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public async Task ToolCall_ReachesTheBackend_WithItsOwnName_TraceContext_AndSecret_ButNoCallerMeta()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(
            $"  - name: rec\n    transport: streamable-http\n    url: {backend.Endpoint}\n",
            new Dictionary<string, string> { ["TOOL_GATEWAY_SHARED_SECRET"] = "s3cret" });
        using var raw = new RawMcp(gateway.McpEndpoint);

        var traced = raw.Stateless2026("tools/call", new JsonObject { ["name"] = "rec.whoami", ["arguments"] = new JsonObject(), ["_meta"] = new JsonObject { ["progressToken"] = "p1" } });
        traced.Headers.Add("traceparent", Traceparent);
        traced.Headers.Add("Authorization", "Bearer caller-token");
        var (status, body, response) = await raw.SendAsync(traced);
        Assert.True(status == 200 && body?["result"] is not null, body?.ToJsonString());
        Assert.Equal("recorded", body!["result"]!["content"]![0]!["text"]!.GetValue<string>());
        var (_, untracedBody, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "rec.whoami", ["arguments"] = new JsonObject() }));
        Assert.NotNull(untracedBody!["result"]);

        var calls = backend.Requests.Where(r => r.Body["method"]?.GetValue<string>() == "tools/call").ToList();
        Assert.Equal(2, calls.Count);
        var (headers, request) = calls[0];
        Assert.Equal("whoami", request["params"]!["name"]!.GetValue<string>());
        Assert.Equal("whoami", headers["Mcp-Name"].ToString());
        Assert.Equal("tools/call", headers["Mcp-Method"].ToString());
        Assert.Equal("2026-07-28", headers["MCP-Protocol-Version"].ToString());
        Assert.Equal(Traceparent, headers["traceparent"].ToString());
        Assert.Equal("s3cret", headers["X-Gateway-Auth"].ToString());
        Assert.False(headers.ContainsKey("Authorization"));
        Assert.Equal("anonymous", headers["X-User-ID"].ToString());
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), headers["X-Request-ID"].ToString());
        Assert.Equal("p1", request["params"]!["_meta"]!["progressToken"]!.GetValue<string>());
        Assert.Equal("mcpgw", request["params"]!["_meta"]!["io.modelcontextprotocol/clientInfo"]!["name"]!.GetValue<string>());

        Assert.False(calls[1].Headers.ContainsKey("traceparent"));
        Assert.NotEqual(headers["X-Request-ID"].ToString(), calls[1].Headers["X-Request-ID"].ToString());
    }
}
