using McpGateway.Edge.Tests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>Completions pass through to the backend that owns the prompt; idle sessions are evicted.</summary>
public sealed class SessionAndCompletionTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("2025-11-25")]
    public async Task Completion_ForAPromptArgument_IsAnsweredByItsBackend(string? revision)
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio());
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await using var client = await Clients.ConnectAsync(gateway.McpEndpoint, revision, cts.Token);

        var completion = await client.CompleteAsync(new PromptReference { Name = "hello.hello-plan" }, "name", "", cancellationToken: cts.Token);
        Assert.NotEmpty(completion.Completion.Values);
    }

    [Fact]
    public async Task IdleSession_IsEvicted_AndThenUnknown()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_SESSION_IDLE_MINUTES"] = "0.05" });
        using var raw = new RawMcp(gateway.McpEndpoint);
        var (_, _, response) = await raw.SendAsync(raw.Post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}}"));
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();

        HttpRequestMessage Ping()
        {
            var ping = raw.Post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            ping.Headers.Add("Mcp-Session-Id", sessionId);
            return ping;
        }

        Assert.Equal(200, (await raw.SendAsync(Ping())).Status);
        // Idle timeout 3 s, evicted within a second after; each ping is activity, so wait longer than that between them.
        var status = 200;
        for (var attempt = 0; attempt < 5 && status == 200; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            status = (await raw.SendAsync(Ping())).Status;
        }

        Assert.Equal(404, status);
    }
}
