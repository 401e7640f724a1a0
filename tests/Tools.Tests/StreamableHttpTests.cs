using McpGateway.Tools.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpGateway.Tools.Tests;

/// <summary>The SDK client against the real Hello process over Streamable HTTP, per protocol revision.</summary>
public sealed class StreamableHttpTests(HelloServerFixture fixture) : IClassFixture<HelloServerFixture>
{
    [Fact]
    public async Task Default_client_speaks_stateless_2026_07_28()
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await HelloClients.ConnectHttpAsync(fixture.Server.McpEndpoint, HttpTransportMode.StreamableHttp, null, cancellationToken: cts.Token);

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Null(client.SessionId);
        await HelloAssertions.AssertFullContractAsync(client, cts.Token);
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2025-06-18")]
    [InlineData("2025-03-26")]
    public async Task Stateful_revisions_get_a_session(string protocolVersion)
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await HelloClients.ConnectHttpAsync(fixture.Server.McpEndpoint, HttpTransportMode.StreamableHttp, protocolVersion, cancellationToken: cts.Token);

        Assert.Equal(protocolVersion, client.NegotiatedProtocolVersion);
        Assert.False(string.IsNullOrEmpty(client.SessionId));
        await HelloAssertions.AssertFullContractAsync(client, cts.Token);
    }

    [Fact]
    public async Task Auto_detecting_client_uses_streamable_http()
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await HelloClients.ConnectHttpAsync(fixture.Server.McpEndpoint, HttpTransportMode.AutoDetect, null, cancellationToken: cts.Token);

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        await HelloAssertions.AssertToolsAsync(client, cts.Token);
    }

    [Fact]
    public async Task Concurrent_stateless_calls_all_succeed()
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await HelloClients.ConnectHttpAsync(fixture.Server.McpEndpoint, HttpTransportMode.StreamableHttp, null, cancellationToken: cts.Token);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            HelloAssertions.SumAsync(client, [i, 0.5], cts.Token)));

        Assert.Equal(Enumerable.Range(0, 32).Select(i => $"{i}.5"), results);
    }
}
