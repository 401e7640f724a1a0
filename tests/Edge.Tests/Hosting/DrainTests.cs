using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>A node asked to stop drains: new requests are refused with 503 and Retry-After, calls in flight finish.</summary>
public sealed class DrainTests
{
    [Fact]
    public async Task Stopping_RefusesNewRequestsWith503AndRetryAfter_WhileTheCallInFlightFinishes()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync($"  - name: rec\n    transport: streamable-http\n    url: {backend.Endpoint}\n");
        using var raw = new RawMcp(gateway.McpEndpoint);
        var inFlight = raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "rec.wait", ["arguments"] = new JsonObject() }));
        await backend.WaitArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // What SIGTERM does first; the server itself keeps running here, so the drain can be watched.
        gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        var (status, body, response) = await raw.SendAsync(raw.Stateless2026("tools/list"));
        Assert.Equal(503, status);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal(-32010, RawMcp.ErrorCode(body));
        using var http = new HttpClient();
        using var ready = await http.GetAsync(new Uri(gateway.BaseAddress, "/health/ready"));
        Assert.Equal(503, (int)ready.StatusCode);
        Assert.Equal("stopping", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());

        backend.Release.SetResult();
        var (callStatus, callBody, _) = await inFlight;
        Assert.Equal(200, callStatus);
        Assert.Equal("recorded", callBody!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdminCluster_OnTheEmbeddedEngine_ListsTheOneNode()
    {
        await using var gateway = await GatewayHost.StartAsync("  []\n");
        using var http = new HttpClient();

        var body = JsonNode.Parse(await http.GetStringAsync(new Uri(gateway.BaseAddress, "/admin/cluster")))!;

        var node = Assert.Single(body["nodes"]!.AsArray())!;
        Assert.Equal(body["node"]!.GetValue<string>(), node["id"]!.GetValue<string>());
        Assert.Equal("alive", node["status"]!.GetValue<string>());
        Assert.True(node["self"]!.GetValue<bool>());
        Assert.Equal(gateway.BaseAddress.ToString().TrimEnd('/'), node["address"]!.GetValue<string>());
    }
}
