using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>A real HTTP receiver on loopback that records every JSON body posted to <c>/hook</c> (headers included).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(IHeaderDictionary Headers, JsonObject Body)> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public IReadOnlyCollection<(IHeaderDictionary Headers, JsonObject Body)> Received => _received;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}/hook"));
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
            receiver._received.Enqueue((new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
            receiver._arrived.Release();
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits for the next posted body (in arrival order) for up to 30 s.</summary>
    public async Task<JsonObject> NextAsync(int index)
    {
        while (_received.Count <= index)
        {
            Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(30)), $"webhook #{index} never arrived");
        }

        return _received.ElementAt(index).Body;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
