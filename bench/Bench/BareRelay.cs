using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace McpGateway.Bench;

/// <summary>
/// The echo benchmark's floor: a process that relays <c>POST /mcp</c> to the backend and nothing else (no MCP logic, no
/// JSON, no audit), the way a reverse proxy such as YARP would. The request body and the MCP headers go to the target
/// through one shared <see cref="HttpClient"/>; status, <c>Content-Type</c> and body come back as a stream. Runs as the
/// hidden mode <c>McpGateway.Bench.dll bare-relay --listen URL --target URL</c>, in its own process (<see cref="BenchHosts"/>).
/// </summary>
internal sealed class BareRelay(HttpClient http, Uri target)
{
    /// <summary>The first argument that selects this mode.</summary>
    public const string Mode = "bare-relay";

    /// <summary>The request headers an MCP client sends besides the body's <c>Content-Type</c>.</summary>
    private static readonly string[] ForwardedHeaders = ["Accept", "MCP-Protocol-Version", "Mcp-Method", "Mcp-Name"];

    /// <summary>Serves <c>POST /mcp</c> (the relay) and <c>GET /health</c> on <c>--listen</c> until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var listen = CommandLine.Value(args, "--listen");
        var target = CommandLine.Value(args, "--target");
        if (listen is null || target is null)
        {
            Console.Error.WriteLine($"usage: McpGateway.Bench {Mode} --listen http://127.0.0.1:PORT --target http://HOST:PORT/mcp");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(listen);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http1));

        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var relay = new BareRelay(http, new Uri(target));

        await using var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapPost("/mcp", relay.ForwardAsync);
        await app.RunAsync();
        return 0;
    }

    /// <summary>Sends the request on to the target and copies its status, <c>Content-Type</c> and body back.</summary>
    public async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Version = HttpVersion.Version11,
            Content = new StreamContent(incoming.Body),
        };
        request.Content.Headers.ContentLength = incoming.ContentLength;
        if (incoming.ContentType is { } contentType)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        foreach (var name in ForwardedHeaders)
        {
            if (incoming.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        context.Response.ContentLength = response.Content.Headers.ContentLength;
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
