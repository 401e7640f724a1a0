using System.Text.Json.Nodes;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Calls on the shared session of a stateful Streamable HTTP backend (the npm reference server), which take the
/// gateway's direct session channel: a cancelled call stops at once, and a backend that lost the session (restarted)
/// is reconnected to.
/// </summary>
public sealed class StatefulHttpBackendTests
{
    private static Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> EchoAsync(RawMcp raw, string message) =>
        raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "everything.echo", ["arguments"] = new JsonObject { ["message"] = message } }));

    private static string? Text(JsonObject? body) => body?["result"]?["content"]?[0]?["text"]?.GetValue<string>();

    [Fact]
    public async Task ClientCancellation_StopsACallInFlight()
    {
        await using var backend = await EverythingHttpBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(backend.Config());
        using var raw = new RawMcp(gateway.McpEndpoint);
        var inFlight = gateway.Services.GetRequiredService<InFlightRequests>();

        var call = raw.SendAsync(raw.Stateless2026(
            "tools/call",
            new JsonObject { ["name"] = "everything.trigger-long-running-operation", ["arguments"] = new JsonObject { ["duration"] = 60, ["steps"] = 2 } },
            id: 77));
        await Eventually.UntilAsync(() => inFlight.Count > 0, "the call to be in flight");
        var cancel = raw.Post("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":77,"reason":"user"}}""");
        cancel.Headers.Add("MCP-Protocol-Version", RawMcp.Stateless);
        cancel.Headers.Add("Mcp-Method", "notifications/cancelled");
        Assert.Equal(202, (await raw.SendAsync(cancel)).Status);

        var (_, body, _) = await call;
        Assert.True(RawMcp.ErrorCode(body) == -32013, body?.ToJsonString());

        // The shared session goes on serving.
        Assert.Equal("Echo: after", Text((await EchoAsync(raw, "after")).Body));
    }

    /// <summary>
    /// The C# Hello server at 2025-11-25 (sessions), restarted on the same port: it answers the gateway's old session
    /// 404, the gateway drops that session and the next call opens a new one. (server-everything answers an unknown
    /// session 400 with a JSON-RPC error instead, which the gateway relays as the backend's error, as the SDK client did.)
    /// </summary>
    [Fact]
    public async Task ABackendThatLostTheSession_IsReconnectedTo()
    {
        await using var first = await BackendProcess.StartAsync(BackendProcess.Hello);
        await using var gateway = await GatewayHost.StartAsync(
            $"  - name: hello\n    transport: streamable-http\n    url: {first.McpEndpoint}\n    protocol_version: \"2025-11-25\"\n");
        using var raw = new RawMcp(gateway.McpEndpoint);
        Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> Echo(string message) =>
            raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = message } }));
        Assert.Equal("before", Text((await Echo("before")).Body));

        var port = first.BaseAddress.Port;
        await first.DisposeAsync();
        await using var second = await BackendProcess.StartAsync(BackendProcess.Hello, port);

        await Eventually.ValueAsync(
            async () => Text((await Echo("again")).Body),
            text => text == "again",
            "the call to be served on a new backend session",
            TimeSpan.FromSeconds(60));
    }
}
