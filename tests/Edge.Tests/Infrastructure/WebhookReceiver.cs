using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>A real HTTP receiver on loopback that records every JSON body posted to <c>/hook</c> (headers included).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(IHeaderDictionary Headers, JsonObject Body)> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private LoopbackApp _app = null!;

    public Uri Url => new(_app.Address, "/hook");

    public IReadOnlyCollection<(IHeaderDictionary Headers, JsonObject Body)> Received => _received;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._app = await LoopbackApp.StartAsync(app => app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
            receiver._received.Enqueue((new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
            receiver._arrived.Release();
            return Results.NoContent();
        }));
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
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
