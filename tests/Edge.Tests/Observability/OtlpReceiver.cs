using System.Collections.Concurrent;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace McpGateway.Edge.Tests.Observability;

/// <summary>A small real OTLP/HTTP receiver on loopback: keeps the protobuf body of every export, by path.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private LoopbackApp _app = null!;

    public Uri Endpoint => _app.Address;

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Exports { get; } = new();

    public IEnumerable<byte[]> Bodies(string path) => Exports.Where(e => e.Path == path).Select(e => e.Body);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._app = await LoopbackApp.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver.Exports.Enqueue((http.Request.Path.Value!, http.Request.ContentType ?? "", body.ToArray()));
            http.Response.ContentType = "application/x-protobuf";
        }));
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
