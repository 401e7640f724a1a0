using McpGateway.Tools.Hello;
using McpGateway.Tools.Hosting;
using McpGateway.Tools.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol.Client;

namespace McpGateway.Tools.Tests;

/// <summary>The hosting API used in-process on Kestrel port 0 (how a benchmark can embed a demo server).</summary>
public sealed class InProcessHostingTests
{
    [Fact]
    public async Task CreateHttpApplication_serves_all_transports()
    {
        await using var app = McpToolServerHost.CreateHttpApplication(
            ["--urls", "http://127.0.0.1:0"],
            server => HelloServer.ConfigureServer(server),
            HelloServer.Configure);
        await app.StartAsync();
        try
        {
            var baseAddress = new Uri(Assert.Single(app.Urls));
            Assert.NotEqual(0, baseAddress.Port);
            using var cts = new CancellationTokenSource(HelloClients.Timeout);

            await using (var modern = await HelloClients.ConnectHttpAsync(new Uri(baseAddress, "/mcp"), HttpTransportMode.StreamableHttp, null, cancellationToken: cts.Token))
            {
                Assert.Equal("2026-07-28", modern.NegotiatedProtocolVersion);
                await HelloAssertions.AssertFullContractAsync(modern, cts.Token);
            }

            await using (var stateful = await HelloClients.ConnectHttpAsync(new Uri(baseAddress, "/mcp"), HttpTransportMode.StreamableHttp, "2025-11-25", cancellationToken: cts.Token))
            {
                Assert.NotNull(stateful.SessionId);
                await HelloAssertions.AssertToolsAsync(stateful, cts.Token);
            }

            await using (var legacy = await HelloClients.ConnectHttpAsync(new Uri(baseAddress, "/sse"), HttpTransportMode.Sse, "2024-11-05", cancellationToken: cts.Token))
            {
                await HelloAssertions.AssertToolsAsync(legacy, cts.Token);
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
