using System.Collections.Concurrent;
using McpGateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace McpGateway.Edge.Tests.Observability;

/// <summary>A small real OTLP/HTTP receiver on loopback: keeps the protobuf body of every export, by path.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Exports { get; } = new();

    public IEnumerable<byte[]> Bodies(string path) => Exports.Where(e => e.Path == path).Select(e => e.Body);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver.Exports.Enqueue((http.Request.Path.Value!, http.Request.ContentType ?? "", body.ToArray()));
            http.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
