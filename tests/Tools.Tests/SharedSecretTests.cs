using System.Net;
using McpGateway.Tools.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpGateway.Tools.Tests;

/// <summary>With TOOL_GATEWAY_SHARED_SECRET set, every request but /health needs X-Gateway-Auth.</summary>
public sealed class SharedSecretTests : IAsyncLifetime
{
    private const string Secret = "s3cret-for-tests";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private BackendProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await HelloBackend.StartAsync(new Dictionary<string, string> { ["TOOL_GATEWAY_SHARED_SECRET"] = Secret });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cret-for-test")]
    public async Task Requests_without_the_right_secret_get_401(string? presented)
    {
        using var post = RawMcp.Post(_server.McpEndpoint, RawMcp.Initialize());
        using var sse = new HttpRequestMessage(HttpMethod.Get, _server.SseEndpoint);
        using var messages = RawMcp.Post(new Uri(_server.BaseAddress, "/mcp/message?sessionId=x"), RawMcp.Initialized);
        foreach (var request in new[] { post, sse, messages })
        {
            if (presented is not null)
            {
                request.Headers.Add("X-Gateway-Auth", presented);
            }

            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Health_is_exempt()
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseAddress, "/health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(HttpTransportMode.StreamableHttp, null)]
    [InlineData(HttpTransportMode.StreamableHttp, "2025-11-25")]
    [InlineData(HttpTransportMode.Sse, null)]
    public async Task Client_with_the_secret_works(HttpTransportMode mode, string? protocolVersion)
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        var endpoint = mode == HttpTransportMode.Sse ? _server.SseEndpoint : _server.McpEndpoint;
        await using var client = await HelloClients.ConnectHttpAsync(endpoint, mode, protocolVersion,
            new Dictionary<string, string> { ["X-Gateway-Auth"] = Secret }, cts.Token);

        await HelloAssertions.AssertToolsAsync(client, cts.Token);
    }
}
