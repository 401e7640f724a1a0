using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// A minimal real Streamable HTTP MCP server of the stateless revision that records every request it receives
/// (headers and body), for asserting what the gateway sends to backends. One tool: <c>whoami</c>.
/// </summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingBackend(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<(IHeaderDictionary Headers, JsonObject Body)> Requests { get; } = new();

    public static async Task<RecordingBackend> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var backend = new RecordingBackend(app, new Uri($"http://127.0.0.1:{port}/mcp"));
        app.MapPost("/mcp", async (HttpContext http) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
            backend.Requests.Enqueue((new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
            if (body["id"] is null)
            {
                return Results.Accepted();
            }

            JsonObject result = body["method"]!.GetValue<string>() switch
            {
                "server/discover" => new()
                {
                    ["supportedVersions"] = new JsonArray("2026-07-28"),
                    ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() },
                    ["ttlMs"] = 0,
                    ["cacheScope"] = "private",
                },
                "tools/list" => new()
                {
                    ["tools"] = new JsonArray(new JsonObject { ["name"] = "whoami", ["inputSchema"] = new JsonObject { ["type"] = "object" } }),
                    ["ttlMs"] = 0,
                    ["cacheScope"] = "private",
                },
                _ => new() { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "recorded" }) },
            };
            result["resultType"] = "complete";
            return Results.Json(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]!.DeepClone(), ["result"] = result });
        });
        await app.StartAsync();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
