using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary><c>POST /mcp/invoke</c>: the same pipeline for callers that do not speak MCP.</summary>
public sealed class InvokeEndpointTests(InvokeEndpointTests.Fixture fixture) : IClassFixture<InvokeEndpointTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHost Gateway { get; private set; } = null!;

        public HttpClient Http { get; } = new();

        public async Task InitializeAsync() =>
            Gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_MAX_BODY_BYTES"] = "2048" });

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await Gateway.DisposeAsync();
        }
    }

    private async Task<(int Status, JsonObject Body)> InvokeAsync(string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await fixture.Http.PostAsync(new Uri(fixture.Gateway.BaseAddress, "/mcp/invoke"), content);
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Invoke_ReturnsTheToolResult()
    {
        var (status, body) = await InvokeAsync("""{"tool_name":"hello.sum","arguments":{"numbers":[1,2,3]}}""");
        Assert.Equal(200, status);
        Assert.Equal("6", body["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(6, body["structuredContent"]!["sum"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"tool_name":"hello.nope","arguments":{}}""", 404, "unknown_tool", -32602)]
    [InlineData("""{"tool_name":"hello.sum","arguments":{"numbers":"x"}}""", 400, "invalid_params", -32602)]
    [InlineData("""{"arguments":{}}""", 400, "invalid_params", -32602)]
    [InlineData("""{"tool_name":"hello.echo","arguments":[1]}""", 400, "invalid_params", -32602)]
    [InlineData("""{not json""", 400, "parse_error", -32700)]
    public async Task Invoke_Errors_HaveStatusKindAndCode(string request, int status, string kind, int code)
    {
        var (actualStatus, body) = await InvokeAsync(request);
        Assert.Equal(status, actualStatus);
        Assert.Equal(kind, body["error"]!["kind"]!.GetValue<string>());
        Assert.Equal(code, body["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invoke_WrongContentType_Is415_AndTooLarge_Is413()
    {
        Assert.Equal(415, (await InvokeAsync("""{"tool_name":"hello.echo"}""", "text/plain")).Status);
        var big = """{"tool_name":"hello.echo","arguments":{"message":" """ + new string('x', 4000) + "\"}}";
        Assert.Equal(413, (await InvokeAsync(big)).Status);
    }
}
