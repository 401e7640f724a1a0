using McpGateway.Edge.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>Clients of the 2024-11-05 HTTP+SSE transport: <c>GET /sse</c> + <c>POST /messages</c>, unscoped and scoped.</summary>
public sealed class LegacySseTransportTests(LegacySseTransportTests.Fixture fixture) : IClassFixture<LegacySseTransportTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHost Gateway { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio() + GatewayHost.HelloStdio("other"));

        public Task DisposeAsync() => Gateway.DisposeAsync().AsTask();
    }

    private static Task<McpClient> ConnectAsync(Uri endpoint, string? version, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.Sse }),
            new McpClientOptions { ProtocolVersion = version },
            cancellationToken: cancellationToken);

    [Theory]
    [InlineData("2024-11-05")]
    [InlineData(null)]
    public async Task SseClient_ListsAndCalls(string? version)
    {
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await using var client = await ConnectAsync(new Uri(fixture.Gateway.BaseAddress, "/sse"), version, cts.Token);
        if (version is not null)
        {
            Assert.Equal(version, client.NegotiatedProtocolVersion);
        }

        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        Assert.Contains(tools, t => t.Name == "hello.echo");
        Assert.Contains(tools, t => t.Name == "other.echo");
        var echo = await client.CallToolAsync("hello.echo", new Dictionary<string, object?> { ["message"] = "over sse" }, cancellationToken: cts.Token);
        Assert.Equal("over sse", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
        var greeting = await client.ReadResourceAsync("hello://greeting", cancellationToken: cts.Token);
        Assert.Equal("Hello, MCP", Assert.IsType<TextResourceContents>(Assert.Single(greeting.Contents)).Text);
        var error = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(async () =>
            await client.CallToolAsync("hello.nope", new Dictionary<string, object?>(), cancellationToken: cts.Token));
        Assert.Contains("hello.nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopedSse_ServesOnlyItsScope()
    {
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await using var client = await ConnectAsync(new Uri(fixture.Gateway.BaseAddress, "/other/sse"), null, cts.Token);
        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        Assert.NotEmpty(tools);
        Assert.All(tools, t => Assert.StartsWith("other.", t.Name, StringComparison.Ordinal));
        await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(async () =>
            await client.CallToolAsync("hello.echo", new Dictionary<string, object?> { ["message"] = "x" }, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Messages_ForAnUnknownSession_Is404_AndWithoutSession_Is400()
    {
        using var raw = new RawMcp(new Uri(fixture.Gateway.BaseAddress, "/messages?sessionId=nope"));
        Assert.Equal(404, (await raw.SendAsync(raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))).Status);
        using var none = new RawMcp(new Uri(fixture.Gateway.BaseAddress, "/messages"));
        Assert.Equal(400, (await none.SendAsync(none.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))).Status);
    }

    [Fact]
    public async Task Stream_AnnouncesAnUnguessableEndpoint()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Gateway.BaseAddress, "/sse"));
        request.Headers.Add("Accept", "text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: endpoint", await reader.ReadLineAsync());
        var data = (await reader.ReadLineAsync())!;
        Assert.StartsWith("data: /messages?sessionId=", data, StringComparison.Ordinal);
        var id = data["data: /messages?sessionId=".Length..];
        Assert.True(id.Length >= 43, id);
    }
}
