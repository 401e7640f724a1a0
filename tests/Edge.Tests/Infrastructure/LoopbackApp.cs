using McpGateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// Kestrel on a free loopback port, without logging, for the tests' small real servers (backends, receivers, a JWKS
/// endpoint): they map their routes, and dispose it to stop.
/// </summary>
public sealed class LoopbackApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri Address { get; }

    public static async Task<LoopbackApp> StartAsync(Action<WebApplication> map)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address.ToString().TrimEnd('/'));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackApp(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
