using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>A stdio-only client reaches a scoped gateway endpoint through <c>mcpgw bridge</c> (a real child process).</summary>
public sealed class BridgeTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("2025-11-25")]
    [InlineData("2025-06-18")]
    public async Task StdioClient_ThroughTheBridge_ReachesAScopedEndpoint(string? revision)
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio() + GatewayHost.HelloStdio("other"));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "bridge",
            Command = ChildProcess.DotnetHost,
            Arguments = [Path.Combine(AppContext.BaseDirectory, "mcpgw.dll"), "bridge", "--endpoint", gateway.ScopedEndpoint("hello").ToString()],
        });
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = revision }, cancellationToken: cts.Token);

        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        Assert.Contains(tools, t => t.Name == "hello.echo");
        Assert.DoesNotContain(tools, t => t.Name.StartsWith("other.", StringComparison.Ordinal));
        var echo = await client.CallToolAsync("hello.echo", new Dictionary<string, object?> { ["message"] = "via bridge" }, cancellationToken: cts.Token);
        Assert.Equal("via bridge", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
        await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(async () =>
            await client.CallToolAsync("other.echo", new Dictionary<string, object?> { ["message"] = "x" }, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Bridge_FetchesItsTokenFromTheDevelopmentIssuer()
    {
        const string adminToken = "bridge-issuer-admin-token-0123456789";
        await using var gateway = await GatewayHost.StartAsync(
            GatewayHost.HelloStdio(),
            new Dictionary<string, string> { ["GATEWAY_AUTH_MODE"] = "jwt", ["ASPNETCORE_ENVIRONMENT"] = "Development", ["JWT_ISSUER_ADMIN_TOKEN"] = adminToken });
        using var cts = new CancellationTokenSource(Clients.Timeout);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "bridge",
            Command = ChildProcess.DotnetHost,
            Arguments =
            [
                Path.Combine(AppContext.BaseDirectory, "mcpgw.dll"), "bridge", "--endpoint", gateway.ScopedEndpoint("hello").ToString(),
                "--issuer-url", new Uri(gateway.BaseAddress, "/token").ToString(), "--user-id", "bridge-user", "--roles", "developer",
            ],
            EnvironmentVariables = new Dictionary<string, string?> { ["MCPGW_ISSUER_TOKEN"] = adminToken },
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: cts.Token);

        var echo = await client.CallToolAsync("hello.echo", new Dictionary<string, object?> { ["message"] = "authenticated" }, cancellationToken: cts.Token);
        Assert.Equal("authenticated", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
    }
}
