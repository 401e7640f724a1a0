using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>A small real JWKS endpoint on a loopback port: serves the current key set, counts fetches, can go down.</summary>
public sealed class JwksServer : IAsyncDisposable
{
    private LoopbackApp _app = null!;
    private int _fetches;

    public Uri Url => new(_app.Address, "/jwks.json");

    public int Fetches => Volatile.Read(ref _fetches);

    public bool Down { get; set; }

    public JsonArray Keys { get; set; } = [];

    public static async Task<JwksServer> StartAsync()
    {
        var server = new JwksServer();
        server._app = await LoopbackApp.StartAsync(app => app.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref server._fetches);
            return server.Down
                ? Results.StatusCode(503)
                : Results.Text(new JsonObject { ["keys"] = server.Keys.DeepClone() }.ToJsonString(), "application/json");
        }));
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
