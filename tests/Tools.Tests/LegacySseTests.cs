using McpGateway.Tools.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpGateway.Tools.Tests;

/// <summary>The SDK client against the real Hello process over the legacy HTTP+SSE transport.</summary>
public sealed class LegacySseTests(HelloServerFixture fixture) : IClassFixture<HelloServerFixture>
{
    [Theory]
    [InlineData("2024-11-05")]
    [InlineData(null)]
    public async Task Sse_client_works(string? protocolVersion)
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await HelloClients.ConnectHttpAsync(fixture.Server.SseEndpoint, HttpTransportMode.Sse, protocolVersion, cancellationToken: cts.Token);

        if (protocolVersion is not null)
        {
            Assert.Equal(protocolVersion, client.NegotiatedProtocolVersion);
        }

        await HelloAssertions.AssertFullContractAsync(client, cts.Token);
    }
}
