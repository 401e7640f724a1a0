using System.Net;
using McpGateway.Tools.Tests.Infrastructure;

namespace McpGateway.Tools.Tests;

/// <summary>Idle stateful sessions are evicted (timeout shortened through configuration).</summary>
public sealed class SessionEvictionTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private BackendProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await HelloBackend.StartAsync(null, "--ToolServer:SessionIdleTimeout", "00:00:01.500");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Idle_session_is_evicted_and_active_one_is_kept()
    {
        var idle = await RawMcp.OpenSessionAsync(_http, _server.McpEndpoint);
        var active = await RawMcp.OpenSessionAsync(_http, _server.McpEndpoint);

        // Keep one session busy for well over the idle timeout (1.5 s) plus the SDK's sweep period (every 5 s).
        var until = DateTime.UtcNow.AddSeconds(9);
        var id = 10;
        while (DateTime.UtcNow < until)
        {
            using var ping = await _http.SendAsync(RawMcp.Post(_server.McpEndpoint, RawMcp.Request("tools/list", id++), active, "2025-11-25"));
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            await Task.Delay(300);
        }

        using var stale = await _http.SendAsync(RawMcp.Post(_server.McpEndpoint, RawMcp.Request("tools/list", id++), idle, "2025-11-25"));
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);

        using var alive = await _http.SendAsync(RawMcp.Post(_server.McpEndpoint, RawMcp.Request("tools/list", id), active, "2025-11-25"));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
