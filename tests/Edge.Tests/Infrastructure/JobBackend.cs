using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// A real Streamable HTTP MCP server (stateless revision) with one tool for job tests: <c>wait</c>
/// (<c>{"tag": "..."}</c>) holds its call open until the test releases that tag (or <c>seconds</c> pass), reporting
/// one progress notification first, and records what became of every call: <c>running</c>, <c>done</c>,
/// <c>cancelled</c> (the gateway aborted it). Several gateway nodes can share it: it outlives any of them.
/// </summary>
public sealed class JobBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _releases = new();

    private JobBackend(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Every call of <c>wait</c> by tag, in arrival order, with its current state.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Calls { get; } = new();

    /// <summary>The YAML of a backend entry for this server (tools.yaml), with <c>wait</c>'s settings.</summary>
    /// <param name="toolSettings">More settings of <c>wait</c>, one per line (e.g. <c>max_concurrency: 1</c>).</param>
    public string Yaml(string name = "slow", bool longRunning = false, bool idempotent = false, params string[] toolSettings) => $"""
          - name: {name}
            transport: streamable-http
            url: {Endpoint}
            timeout_seconds: 120
            discovery_timeout_seconds: 20
            tools:
              wait:
                long_running: {(longRunning ? "true" : "false")}
                idempotent: {(idempotent ? "true" : "false")}
        {string.Concat(toolSettings.Select(setting => $"        {setting}\n"))}
        """;

    public void Release(string tag) => _releases.GetOrAdd(tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Waits until the tag's call count reaches <paramref name="count"/> and the last one is in <paramref name="state"/>;
    /// fails when no call of any tag changes for <paramref name="quiet"/> (default 60 s).
    /// </summary>
    public async Task WaitForAsync(string tag, string state, int count = 1, TimeSpan? quiet = null)
    {
        while (true)
        {
            var changed = _changed.Task;
            if (Calls.TryGetValue(tag, out var calls) && calls.Count >= count && calls.Last() == state)
            {
                return;
            }

            await changed.WaitAsync(quiet ?? TimeSpan.FromSeconds(60));
        }
    }

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnChanged() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public static async Task<JobBackend> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var backend = new JobBackend(app, new Uri($"http://127.0.0.1:{port}/mcp"));
        app.MapPost("/mcp", backend.HandleAsync);
        await app.StartAsync();
        return backend;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        if (body["id"] is null)
        {
            http.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        JsonObject result = body["method"]!.GetValue<string>() switch
        {
            "server/discover" => new()
            {
                ["supportedVersions"] = new JsonArray("2026-07-28"),
                ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() },
            },
            "tools/list" => new()
            {
                ["tools"] = new JsonArray(new JsonObject
                {
                    ["name"] = "wait",
                    ["inputSchema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["tag"] = new JsonObject { ["type"] = "string" }, ["seconds"] = new JsonObject { ["type"] = "number" } },
                        ["required"] = new JsonArray("tag"),
                    },
                }),
            },
            "tools/call" => await WaitAsync(http, body),
            _ => new(),
        };

        if (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        result["resultType"] = "complete";
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]!.DeepClone(), ["result"] = result };
        if (http.Response.HasStarted)
        {
            await http.Response.WriteAsync("event: message\ndata: " + answer.ToJsonString() + "\n\n");
            return;
        }

        await http.Response.WriteAsJsonAsync(answer);
    }

    private async Task<JsonObject> WaitAsync(HttpContext http, JsonObject body)
    {
        var arguments = body["params"]?["arguments"];
        var tag = arguments?["tag"]?.GetValue<string>() ?? "";
        var seconds = arguments?["seconds"]?.GetValue<double>() ?? 300;
        var calls = Calls.GetOrAdd(tag, _ => new ConcurrentQueue<string>());
        var index = calls.Count;
        calls.Enqueue("running");
        OnChanged();
        if (body["params"]?["_meta"]?["progressToken"] is { } token)
        {
            http.Response.ContentType = "text/event-stream";
            var progress = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "notifications/progress",
                ["params"] = new JsonObject { ["progressToken"] = token.DeepClone(), ["progress"] = 1, ["total"] = 2, ["message"] = "waiting for " + tag },
            };
            await http.Response.WriteAsync("event: message\ndata: " + progress.ToJsonString() + "\n\n");
            await http.Response.Body.FlushAsync();
        }

        var release = _releases.GetOrAdd(tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        try
        {
            await release.WaitAsync(TimeSpan.FromSeconds(seconds), http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            SetLast(tag, index, http.RequestAborted.IsCancellationRequested ? "cancelled" : "done");
        }

        return new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "waited for " + tag }),
            ["structuredContent"] = new JsonObject { ["tag"] = tag, ["call"] = index + 1 },
        };
    }

    private void SetLast(string tag, int index, string state)
    {
        var calls = Calls[tag];
        var updated = new ConcurrentQueue<string>(calls.Select((s, i) => i == index ? state : s));
        Calls[tag] = updated;
        OnChanged();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var release in _releases.Values)
        {
            release.TrySetResult();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
