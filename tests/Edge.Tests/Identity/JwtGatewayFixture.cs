using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>A real gateway in auth mode jwt (<see cref="TestTokens.GatewayEnvironment"/>) in front of the Hello demo over stdio.</summary>
public sealed class JwtGatewayFixture : IAsyncLifetime
{
    private GatewayHost? _host;

    public RecordingServices Recorded { get; } = new();

    public GatewayHost Host => _host!;

    public async Task InitializeAsync() =>
        _host = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), TestTokens.GatewayEnvironment(), services: Recorded.Register);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A stateless <c>tools/call hello.echo</c> with the given <c>Authorization</c> header value (none when null).</summary>
    public async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> CallEchoAsync(string? authorization, string? query = null)
    {
        using var raw = new RawMcp(new Uri(Host.McpEndpoint + (query ?? "")));
        var request = raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "hi" } });
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await raw.SendAsync(request);
    }
}
