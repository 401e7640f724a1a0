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
/// (headers and body), for asserting what the gateway sends to backends. Tools: <c>whoami</c>; <c>progress</c>, which
/// answers with an event stream carrying three progress notifications (when the call has a progress token) before the result;
/// <c>wait</c>, which answers once <see cref="Release"/> is completed (and completes <see cref="WaitArrived"/> first).
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

    /// <summary>
    /// Every POST as received, before it is parsed (so a body the backend cannot read is still seen): the gateway's
    /// <c>X-Request-ID</c> and the raw text.
    /// </summary>
    public ConcurrentQueue<(string? RequestId, string Text)> Received { get; } = new();

    /// <summary>Completed when a <c>wait</c> call has arrived.</summary>
    public TaskCompletionSource WaitArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Complete it to let <c>wait</c> calls answer.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
            var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
            backend.Received.Enqueue((http.Request.Headers["X-Request-ID"].FirstOrDefault(), text));
            var body = (JsonObject)JsonNode.Parse(text)!;
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
                    ["tools"] = new JsonArray(
                        new JsonObject { ["name"] = "whoami", ["inputSchema"] = new JsonObject { ["type"] = "object" } },
                        new JsonObject { ["name"] = "progress", ["inputSchema"] = new JsonObject { ["type"] = "object" } },
                        new JsonObject { ["name"] = "wait", ["inputSchema"] = new JsonObject { ["type"] = "object" } }),
                    ["ttlMs"] = 0,
                    ["cacheScope"] = "private",
                },
                _ => new() { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "recorded" }) },
            };
            result["resultType"] = "complete";
            if (body["params"]?["name"]?.GetValue<string>() == "wait")
            {
                backend.WaitArrived.TrySetResult();
                await backend.Release.Task;
            }

            var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]!.DeepClone(), ["result"] = result };
            if (body["params"]?["name"]?.GetValue<string>() == "progress")
            {
                var token = body["params"]?["_meta"]?["progressToken"];
                http.Response.ContentType = "text/event-stream";
                for (var step = 1; token is not null && step <= 3; step++)
                {
                    var notification = new JsonObject
                    {
                        ["jsonrpc"] = "2.0",
                        ["method"] = "notifications/progress",
                        ["params"] = new JsonObject { ["progressToken"] = token.DeepClone(), ["progress"] = step, ["total"] = 3 },
                    };
                    await http.Response.WriteAsync("event: message\ndata: " + notification.ToJsonString() + "\n\n");
                    await http.Response.Body.FlushAsync();
                }

                await http.Response.WriteAsync("event: message\ndata: " + answer.ToJsonString() + "\n\n");
                return Results.Empty;
            }

            return Results.Json(answer);
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
