using McpGateway.Tools.Tests.Infrastructure;
using Xunit.Abstractions;
using ModelContextProtocol.Client;

namespace McpGateway.Tools.Tests;

/// <summary>The SDK client against the real Hello process over the legacy HTTP+SSE transport.</summary>
public sealed class LegacySseTests(HelloServerFixture fixture, ITestOutputHelper output) : IClassFixture<HelloServerFixture>
{
    [Theory]
    [InlineData("2024-11-05", "2024-11-05")]
    [InlineData(null, "2025-11-25")]
    public async Task Sse_client_works(string? protocolVersion, string expectedVersion)
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await HelloClients.ConnectHttpAsync(fixture.Server.SseEndpoint, HttpTransportMode.Sse, protocolVersion, cancellationToken: cts.Token);

        Assert.Equal(expectedVersion, client.NegotiatedProtocolVersion);

        output.WriteLine($"negotiated {client.NegotiatedProtocolVersion}, session {client.SessionId ?? "-"}");
        await HelloAssertions.AssertFullContractAsync(client, cts.Token);
    }
}
