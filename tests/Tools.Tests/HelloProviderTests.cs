using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using McpGateway.Provider.V1;
using McpGateway.Tests.Common;

namespace McpGateway.Tools.Tests;

/// <summary>The C# provider of proto/provider.proto as a real process, called with a generated gRPC client.</summary>
public sealed class HelloProviderTests : IAsyncLifetime
{
    private ProviderProcess _provider = null!;
    private GrpcChannel _channel = null!;

    private Provider.V1.Provider.ProviderClient Client => new(_channel);

    public async Task InitializeAsync()
    {
        _provider = await ProviderProcess.StartCSharpAsync("hello-cs");
        _channel = GrpcChannel.ForAddress(_provider.Url);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Capabilities_list_the_versioned_tools_the_resource_and_the_prompt()
    {
        var capabilities = await Client.ListCapabilitiesAsync(new ListCapabilitiesRequest { ContractVersion = "1" });

        Assert.Equal("hello-cs", capabilities.Name);
        Assert.Equal(["echo.v1", "sum.v1"], capabilities.Tools.Select(t => t.Name));
        foreach (var tool in capabilities.Tools)
        {
            Assert.Equal("object", JsonNode.Parse(tool.InputSchemaJson)!["type"]!.GetValue<string>());
            Assert.Equal("object", JsonNode.Parse(tool.OutputSchemaJson)!["type"]!.GetValue<string>());
            Assert.True(tool.Annotations.ReadOnly);
        }

        Assert.Equal("hello://greeting", Assert.Single(capabilities.Resources).Uri);
        Assert.Equal(["hello"], capabilities.ResourceSchemes);
        var prompt = Assert.Single(capabilities.Prompts);
        Assert.Equal("hello-plan", prompt.Name);
        Assert.True(Assert.Single(prompt.Arguments, a => a.Name == "name").Required);
    }

    [Fact]
    public async Task Echo_and_sum_answer_text_and_structured_content()
    {
        var echo = await Client.InvokeAsync(new InvokeRequest { Tool = "echo.v1", ArgumentsJson = """{"message":" hi\n"}""", CorrelationId = "c-1" });
        Assert.Equal(" hi\n", Assert.Single(echo.Content).Text);
        Assert.Equal(" hi\n", JsonNode.Parse(echo.StructuredContentJson)!["message"]!.GetValue<string>());

        var sum = await Client.InvokeAsync(new InvokeRequest { Tool = "sum.v1", ArgumentsJson = """{"numbers":[0.1,0.2,1.5]}""" });
        Assert.Equal("1.8", Assert.Single(sum.Content).Text);
        Assert.Equal(1.8m, JsonNode.Parse(sum.StructuredContentJson)!["sum"]!.GetValue<decimal>());
        Assert.False(sum.IsError);
    }

    [Theory]
    [InlineData("nope.v1", "{}", StatusCode.NotFound)]
    [InlineData("echo.v1", "{\"message\":5}", StatusCode.InvalidArgument)]
    [InlineData("echo.v1", "[1]", StatusCode.InvalidArgument)]
    [InlineData("sum.v1", "{\"numbers\":[\"1\"]}", StatusCode.InvalidArgument)]
    [InlineData("sum.v1", "not json", StatusCode.InvalidArgument)]
    public async Task Bad_calls_are_answered_with_the_documented_status(string tool, string arguments, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.InvokeAsync(new InvokeRequest { Tool = tool, ArgumentsJson = arguments }));
        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task Resource_and_prompt_are_served_and_unknown_ones_are_not_found()
    {
        var resource = await Client.ReadResourceAsync(new ReadResourceRequest { Uri = "hello://greeting" });
        var contents = Assert.Single(resource.Contents);
        Assert.Equal(("hello://greeting", "text/plain", "Hello, MCP"), (contents.Uri, contents.MimeType, contents.Text));

        var prompt = await Client.GetPromptAsync(new GetPromptRequest { Name = "hello-plan", Arguments = { ["name"] = "Grace" } });
        var message = Assert.Single(prompt.Messages);
        Assert.Equal(("user", "Make a plan to greet Grace."), (message.Role, message.Content.Text));

        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.ReadResourceAsync(new ReadResourceRequest { Uri = "hello://other" }))).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.GetPromptAsync(new GetPromptRequest { Name = "hello-plan" }))).StatusCode);
    }

    [Fact]
    public async Task Each_call_is_published_on_the_stream_with_its_correlation_id()
    {
        using var stream = Client.Stream(new StreamRequest { GatewayId = "test" });
        var received = new List<CloudEvent>();

        // The subscription is in place once the first event of a call arrives; calls made before it may be missed.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = Task.Run(async () =>
        {
            while (await stream.ResponseStream.MoveNext(timeout.Token))
            {
                lock (received)
                {
                    received.Add(stream.ResponseStream.Current);
                    if (received.Any(e => e.CorrelationId == "wanted"))
                    {
                        return;
                    }
                }
            }
        });
        while (!reading.IsCompleted)
        {
            await Client.InvokeAsync(new InvokeRequest { Tool = "echo.v1", ArgumentsJson = """{"message":"x"}""", CorrelationId = "wanted" });
            await Task.WhenAny(reading, Task.Delay(200, timeout.Token));
        }

        await reading;
        var cloudEvent = received.First(e => e.CorrelationId == "wanted");
        Assert.Equal(("hello-cs", "1.0", "io.mcpgateway.provider.invoked", "echo.v1"), (cloudEvent.Source, cloudEvent.SpecVersion, cloudEvent.Type, cloudEvent.Subject));
        Assert.Equal("echo.v1", JsonNode.Parse(cloudEvent.DataJson)!["tool"]!.GetValue<string>());
        Assert.NotEmpty(cloudEvent.Id);
    }
}

/// <summary>The provider with <c>TOOL_GATEWAY_SHARED_SECRET</c> set.</summary>
public sealed class HelloProviderSharedSecretTests
{
    [Fact]
    public async Task Calls_without_the_secret_are_unauthenticated()
    {
        await using var provider = await ProviderProcess.StartCSharpAsync(environment: new Dictionary<string, string?> { ["TOOL_GATEWAY_SHARED_SECRET"] = "s3cret" });
        using var channel = GrpcChannel.ForAddress(provider.Url);
        var client = new Provider.V1.Provider.ProviderClient(channel);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.ListCapabilitiesAsync(new ListCapabilitiesRequest()));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var wrong = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ListCapabilitiesAsync(new ListCapabilitiesRequest(), new Metadata { { "x-gateway-auth", "other" } }));
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);

        var capabilities = await client.ListCapabilitiesAsync(new ListCapabilitiesRequest(), new Metadata { { "x-gateway-auth", "s3cret" } });
        Assert.Equal(2, capabilities.Tools.Count);
    }
}
