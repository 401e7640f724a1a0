using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// The C# SDK client lists and calls the Hello demo through the gateway, for every backend transport
/// and under both the stateless (2026-07-28) and the session-based (2025-11-25) revisions.
/// </summary>
public sealed class HelloThroughGatewayTests : IAsyncLifetime
{
    private BackendProcess? _helloHttp;

    public async Task InitializeAsync()
    {
        _helloHttp = await BackendProcess.StartAsync(BackendProcess.Hello);
    }

    public async Task DisposeAsync()
    {
        if (_helloHttp is not null)
        {
            await _helloHttp.DisposeAsync();
        }
    }

    private string Backend(string transport) => transport switch
    {
        "stdio" => GatewayHost.HelloStdio(),
        "streamable-http" => $"  - name: hello\n    transport: streamable-http\n    url: {_helloHttp!.McpEndpoint}\n",
        "sse" => $"  - name: hello\n    transport: sse\n    url: {_helloHttp!.SseEndpoint}\n",
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };

    [Theory]
    [InlineData("stdio", null)]
    [InlineData("stdio", "2025-11-25")]
    [InlineData("streamable-http", null)]
    [InlineData("streamable-http", "2025-11-25")]
    [InlineData("sse", null)]
    [InlineData("sse", "2025-06-18")]
    [InlineData("streamable-http", "2025-03-26")]
    public async Task Client_ListsAndCallsHello_ThroughEveryBackendTransport(string transport, string? clientRevision)
    {
        await using var gateway = await GatewayHost.StartAsync(Backend(transport));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        // Discovery runs in the background; a loaded machine may not be done when the node starts answering.
        await gateway.WaitForToolAsync("hello.echo", cts.Token);
        await using var client = await Clients.ConnectAsync(gateway.McpEndpoint, clientRevision, cts.Token);
        Assert.Equal(clientRevision ?? "2026-07-28", client.NegotiatedProtocolVersion);

        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        Assert.Contains(tools, t => t.Name == "hello.echo");
        Assert.Contains(tools, t => t.Name == "hello.sum");
        var echo = tools.Single(t => t.Name == "hello.echo");
        Assert.Contains("message", echo.ProtocolTool.InputSchema.GetRawText(), StringComparison.Ordinal);

        var echoed = await client.CallToolAsync("hello.echo", new Dictionary<string, object?> { ["message"] = "through the gateway" }, cancellationToken: cts.Token);
        Assert.Equal("through the gateway", Assert.IsType<TextContentBlock>(Assert.Single(echoed.Content)).Text);

        var sum = await client.CallToolAsync("hello.sum", new Dictionary<string, object?> { ["numbers"] = new[] { 1, 2, 3.5 } }, cancellationToken: cts.Token);
        Assert.Equal("6.5", Assert.IsType<TextContentBlock>(Assert.Single(sum.Content)).Text);

        var resources = await client.ListResourcesAsync(cancellationToken: cts.Token);
        Assert.Contains(resources, r => r.Uri == "hello://greeting");
        var greeting = await client.ReadResourceAsync("hello://greeting", cancellationToken: cts.Token);
        Assert.Equal("Hello, MCP", Assert.IsType<TextResourceContents>(Assert.Single(greeting.Contents)).Text);

        var prompts = await client.ListPromptsAsync(cancellationToken: cts.Token);
        Assert.Contains(prompts, p => p.Name == "hello.hello-plan");
        var plan = await client.GetPromptAsync("hello.hello-plan", new Dictionary<string, object?> { ["name"] = "Ada" }, cancellationToken: cts.Token);
        Assert.Contains("Ada", Assert.IsType<TextContentBlock>(Assert.Single(plan.Messages).Content).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopedEndpoint_ListsOnlyItsScope_AndRefusesOtherScopes()
    {
        var backends = GatewayHost.HelloStdio("hello") + $"  - name: other\n    transport: streamable-http\n    url: {_helloHttp!.McpEndpoint}\n";
        await using var gateway = await GatewayHost.StartAsync(backends);
        using var cts = new CancellationTokenSource(Clients.Timeout);

        await using var scoped = await Clients.ConnectAsync(gateway.ScopedEndpoint("hello"), null, cts.Token);
        var tools = await scoped.ListToolsAsync(cancellationToken: cts.Token);
        Assert.All(tools, t => Assert.StartsWith("hello.", t.Name, StringComparison.Ordinal));
        Assert.NotEmpty(tools);

        var refused = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(async () =>
            await scoped.CallToolAsync("other.echo", new Dictionary<string, object?> { ["message"] = "x" }, cancellationToken: cts.Token));
        Assert.Contains("outside scope 'hello'", refused.Message, StringComparison.Ordinal);

        await using var unscoped = await Clients.ConnectAsync(gateway.McpEndpoint, null, cts.Token);
        var all = await unscoped.ListToolsAsync(cancellationToken: cts.Token);
        Assert.Contains(all, t => t.Name == "other.echo");
        Assert.Contains(all, t => t.Name == "hello.echo");
    }
}
