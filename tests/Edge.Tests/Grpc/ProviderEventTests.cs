using System.Text.Json.Nodes;
using Grpc.Net.Client;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Provider.V1;
using McpGateway.Tests.Common;
using McpGateway.Upstreams.Grpc.Events;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Edge.Tests.Grpc;

/// <summary>
/// Provider events end to end: from the Stream RPC to MCP subscribers of the feed resource and /metrics, and through a
/// real nats-server with a durable consumer, replayed to a gateway that was down when they were published.
/// </summary>
public sealed class ProviderEventTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_call_event_reaches_feed_subscribers_the_feed_and_metrics()
    {
        await using var provider = await ProviderProcess.StartCSharpAsync("hello-cs");
        await using var gateway = await GatewayHost.StartAsync(GrpcBackends.Entry("hello-cs", provider.Url));
        using var ready = new CancellationTokenSource(Patience);
        await gateway.WaitForToolAsync("hello-cs.echo.v1", ready.Token);

        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await Clients.ConnectWithAsync(gateway.McpEndpoint, new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ResourceUpdatedNotification, (notification, _) =>
                    {
                        updated.TrySetResult(notification.Params?["uri"]?.GetValue<string>() ?? string.Empty);
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        });
        var resources = await client.ListResourcesAsync();
        Assert.Contains(resources, r => r.Uri == "mcpgw-events://hello-cs" && r.MimeType == "application/json");
        await client.SubscribeToResourceAsync("mcpgw-events://hello-cs");

        // The provider's Stream may open just after discovery: call until an event of a call arrives.
        var hub = gateway.Services.GetRequiredService<ProviderEventHub>();
        while (!updated.Task.IsCompleted)
        {
            await client.CallToolAsync("hello-cs.echo.v1", new Dictionary<string, object?> { ["message"] = "event please" }, cancellationToken: ready.Token);
            await Task.WhenAny(updated.Task, Task.Delay(200, ready.Token));
        }

        Assert.Equal("mcpgw-events://hello-cs", await updated.Task);
        var read = await client.ReadResourceAsync("mcpgw-events://hello-cs");
        var feed = JsonNode.Parse(Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text)!.AsArray();
        var first = feed[0]!;
        Assert.Equal(("hello-cs", "io.mcpgateway.provider.invoked", "echo.v1"),
            (first["source"]!.GetValue<string>(), first["type"]!.GetValue<string>(), first["subject"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(first["correlationid"]!.GetValue<string>()));

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(gateway.BaseAddress, "/metrics"));
        Assert.Contains("mcpgw_provider_events_total{source=\"hello-cs\",via=\"stream\"} ", metrics, StringComparison.Ordinal);
        Assert.True(hub.Received[("hello-cs", "stream")] >= 1);
    }

    [Fact]
    public async Task Events_published_while_the_gateway_was_down_are_replayed_from_jetstream_after_its_restart()
    {
        await using var nats = await NatsServer.StartAsync();
        var natsEnvironment = new Dictionary<string, string?> { ["NATS_URL"] = nats.Url };
        await using var provider = await ProviderProcess.StartGoAsync("hello-go", environment: natsEnvironment);
        using var folder = new TempFolder();
        var gatewayEnvironment = new Dictionary<string, string> { ["NATS_URL"] = nats.Url, ["NATS_CONSUMER"] = "events-test" };
        using var channel = GrpcChannel.ForAddress(provider.Url);
        var direct = new McpGateway.Provider.V1.Provider.ProviderClient(channel);

        // First run: an event published while the gateway runs arrives by NATS (and by the Stream: taken once).
        await using (var first = await GatewayHost.StartAsync(GrpcBackends.Entry("hello-go", provider.Url), gatewayEnvironment, folder))
        {
            var hub = first.Services.GetRequiredService<ProviderEventHub>();
            await direct.InvokeAsync(new InvokeRequest { Tool = "echo.v1", ArgumentsJson = """{"message":"before"}""", CorrelationId = "before-restart" });
            await WaitForAsync(() => hub.Feed("hello-go").Any(e => e!["correlationid"]!.GetValue<string>() == "before-restart")
                && hub.Received.GetValueOrDefault(("hello-go", "nats")) + hub.Duplicates.GetValueOrDefault("hello-go") >= 1);
        }

        // While no gateway runs, the provider publishes to JetStream.
        await direct.InvokeAsync(new InvokeRequest { Tool = "echo.v1", ArgumentsJson = """{"message":"missed"}""", CorrelationId = "while-down" });

        // Second run, same durable consumer, no grpc backend at all: the missed event is delivered from JetStream.
        await using var second = await GatewayHost.StartAsync(string.Empty, gatewayEnvironment, folder);
        var replayed = second.Services.GetRequiredService<ProviderEventHub>();
        await WaitForAsync(() => replayed.Feed("hello-go").Any(e => e!["correlationid"]!.GetValue<string>() == "while-down"));
        Assert.True(replayed.Received[("hello-go", "nats")] >= 1);
        var missed = replayed.Feed("hello-go").Single(e => e!["correlationid"]!.GetValue<string>() == "while-down")!;
        Assert.Equal("echo.v1", missed["data"]!["tool"]!.GetValue<string>());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition was not met within 60 s");
            await Task.Delay(100);
        }
    }
}
