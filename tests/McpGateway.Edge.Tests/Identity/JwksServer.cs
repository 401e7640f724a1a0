using System.Text.Json.Nodes;
using McpGateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>A small real JWKS endpoint on a loopback port: serves the current key set, counts fetches, can go down.</summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _fetches;

    private JwksServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public int Fetches => Volatile.Read(ref _fetches);

    public bool Down { get; set; }

    public JsonArray Keys { get; set; } = [];

    public static async Task<JwksServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new JwksServer(app, new Uri($"http://127.0.0.1:{port}/jwks.json"));
        app.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref server._fetches);
            return server.Down
                ? Results.StatusCode(503)
                : Results.Text(new JsonObject { ["keys"] = server.Keys.DeepClone() }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
