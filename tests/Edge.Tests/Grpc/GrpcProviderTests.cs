using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Edge.Tests.Grpc;

/// <summary>
/// The C# and the Go provider as real processes behind one gateway (transport grpc): every tool, the resource and the
/// prompt of each through MCP, each provider's copy of the same resource URI served under its own exposed URI.
/// </summary>
public sealed class GrpcProviderTests(GrpcProviderTests.Fixture fixture) : IClassFixture<GrpcProviderTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public ProviderProcess First { get; private set; } = null!;

        public ProviderProcess Second { get; private set; } = null!;

        public GatewayHost Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            First = await ProviderProcess.StartCSharpAsync("hello-cs");
            Second = await ProviderProcess.StartGoAsync("hello-go");
            Gateway = await GatewayHost.StartAsync(GrpcBackends.Entry("hello-cs", First.Url) + GrpcBackends.Entry("hello-go", Second.Url));
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Gateway.WaitForToolAsync("hello-cs.echo.v1", ready.Token);
            await Gateway.WaitForToolAsync("hello-go.echo.v1", ready.Token);
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await First.DisposeAsync();
            await Second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Tools_of_both_providers_are_listed_with_the_versioned_names_schemas_and_annotations()
    {
        await using var client = await Clients.ConnectAsync(fixture.Gateway.McpEndpoint, protocolVersion: null);
        var tools = await client.ListToolsAsync();

        Assert.Superset(new HashSet<string> { "hello-cs.echo.v1", "hello-cs.sum.v1", "hello-go.echo.v1", "hello-go.sum.v1" }, tools.Select(t => t.Name).ToHashSet());
        var echo = tools.Single(t => t.Name == "hello-cs.echo.v1");
        Assert.Equal("string", echo.JsonSchema.GetProperty("properties").GetProperty("message").GetProperty("type").GetString());
        Assert.Equal("string", echo.ProtocolTool.OutputSchema!.Value.GetProperty("properties").GetProperty("message").GetProperty("type").GetString());
        Assert.True(echo.ProtocolTool.Annotations!.ReadOnlyHint);
        Assert.False(echo.ProtocolTool.Annotations.DestructiveHint);
    }

    [Fact]
    public async Task Echo_and_sum_are_called_through_the_gateway()
    {
        await using var client = await Clients.ConnectAsync(fixture.Gateway.McpEndpoint, protocolVersion: null);

        foreach (var provider in new[] { "hello-cs", "hello-go" })
        {
            var echo = await client.CallToolAsync($"{provider}.echo.v1", new Dictionary<string, object?> { ["message"] = $"through grpc to {provider}" });
            Assert.Equal($"through grpc to {provider}", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
            Assert.Equal($"through grpc to {provider}", echo.StructuredContent!.Value.GetProperty("message").GetString());

            var sum = await client.CallToolAsync($"{provider}.sum.v1", new Dictionary<string, object?> { ["numbers"] = new[] { 0.1m, 0.2m, 2m, -0.05m } });
            Assert.Equal("2.25", Assert.IsType<TextContentBlock>(Assert.Single(sum.Content)).Text);
            Assert.Equal(2.25m, sum.StructuredContent!.Value.GetProperty("sum").GetDecimal());
            Assert.NotEqual(true, sum.IsError);
        }
    }

    [Fact]
    public async Task Arguments_are_validated_by_the_gateway_before_the_provider_sees_them()
    {
        using var raw = new RawMcp(fixture.Gateway.McpEndpoint);
        var (_, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello-cs.echo.v1", ["arguments"] = new JsonObject { ["message"] = 5 } }));

        Assert.Equal(-32602, RawMcp.ErrorCode(body));
    }

    [Fact]
    public async Task The_prompt_is_rendered_by_the_provider()
    {
        await using var client = await Clients.ConnectAsync(fixture.Gateway.McpEndpoint, protocolVersion: null);
        var prompts = await client.ListPromptsAsync();
        foreach (var name in new[] { "hello-cs.hello-plan", "hello-go.hello-plan" })
        {
            Assert.Contains(prompts, p => p.Name == name);
            var prompt = await client.GetPromptAsync(name, new Dictionary<string, object?> { ["name"] = "Ada" });
            Assert.Equal("Make a plan to greet Ada.", Assert.IsType<TextContentBlock>(Assert.Single(prompt.Messages).Content).Text);
            Assert.Equal(Role.User, prompt.Messages[0].Role);
        }
    }

    [Fact]
    public async Task Both_providers_copies_of_the_same_resource_uri_are_served_under_their_own_uris()
    {
        await using var client = await Clients.ConnectAsync(fixture.Gateway.McpEndpoint, protocolVersion: null);
        var resources = await client.ListResourcesAsync();
        Assert.Contains(resources, r => r.Uri == "hello-cs+hello://greeting");
        Assert.Contains(resources, r => r.Uri == "hello-go+hello://greeting");

        foreach (var uri in new[] { "hello-cs+hello://greeting", "hello-go+hello://greeting" })
        {
            var read = await client.ReadResourceAsync(uri);
            var contents = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
            Assert.Equal(("Hello, MCP", uri), (contents.Text, contents.Uri));
        }
    }

    [Fact]
    public async Task An_unknown_tool_version_is_an_unknown_tool()
    {
        using var raw = new RawMcp(fixture.Gateway.McpEndpoint);
        var (_, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello-cs.echo.v2", ["arguments"] = new JsonObject() }));

        Assert.Equal(-32602, RawMcp.ErrorCode(body));
    }
}

/// <summary>The tools.yaml entries of gRPC backends.</summary>
internal static class GrpcBackends
{
    public static string Entry(string name, Uri url, string extra = "") => $"""
          - name: {name}
            transport: grpc
            url: {url}
            timeout_seconds: 10
            discovery_timeout_seconds: 5
        {extra}
        """;
}
