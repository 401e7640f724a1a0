using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// A real stateless (2026-07-28) Streamable HTTP MCP server with one tool, <c>work</c>, for traffic-control tests: it
/// counts the calls that reach it and the most in flight at once, can hold every call until the test opens the gate,
/// and can fail every call with HTTP 503 (a backend that is down but still accepts connections). Its listing can be
/// made long (<see cref="FillerTools"/>), failing or hanging (<see cref="Listing"/>) while calls still work.
/// </summary>
public sealed class GuardedBackend : IAsyncDisposable
{
    private LoopbackApp _app = null!;
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;
    private int _listings;
    private volatile TaskCompletionSource _gate = Open();

    public Uri Endpoint => new(_app.Address, "/mcp");

    /// <summary>tools/call requests that reached the backend (failed ones included).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>When set, every tools/call is answered 503.</summary>
    public bool Failing { get; set; }

    /// <summary>How many tools besides <c>work</c> it lists (<c>filler-0</c> …, each with a 200-character description).</summary>
    public int FillerTools { get; set; }

    /// <summary>What happens to <c>tools/list</c> requests (the gateway's discovery) from now on.</summary>
    public ListingFault Listing { get; set; }

    /// <summary><c>tools/list</c> requests that reached the backend.</summary>
    public int Listings => Volatile.Read(ref _listings);

    /// <summary>How long each call takes once through the gate.</summary>
    public TimeSpan Hold { get; set; }

    /// <summary>From now on, calls wait until <see cref="Release"/>.</summary>
    public void CloseGate() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public static async Task<GuardedBackend> StartAsync()
    {
        var backend = new GuardedBackend();
        backend._app = await LoopbackApp.StartAsync(app => app.MapPost("/mcp", (Func<HttpContext, Task<IResult>>)backend.HandleAsync));
        return backend;
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        if (body["id"] is null)
        {
            return Results.Accepted();
        }

        JsonObject result;
        switch (body["method"]!.GetValue<string>())
        {
            case "server/discover":
                result = new JsonObject
                {
                    ["supportedVersions"] = new JsonArray("2026-07-28"),
                    ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() },
                };
                break;
            case "tools/list":
                Interlocked.Increment(ref _listings);
                switch (Listing)
                {
                    case ListingFault.Error:
                        return Results.Json(new JsonObject
                        {
                            ["jsonrpc"] = "2.0",
                            ["id"] = body["id"]!.DeepClone(),
                            ["error"] = new JsonObject { ["code"] = -32603, ["message"] = "Listing failed" },
                        });
                    case ListingFault.Hang:
                        try
                        {
                            await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
                        }
                        catch (OperationCanceledException)
                        {
                            return Results.Empty;
                        }

                        break;
                }

                var tools = new JsonArray(new JsonObject { ["name"] = "work", ["inputSchema"] = new JsonObject { ["type"] = "object" } });
                for (var i = 0; i < FillerTools; i++)
                {
                    tools.Add(new JsonObject { ["name"] = $"filler-{i}", ["description"] = new string('d', 200), ["inputSchema"] = new JsonObject { ["type"] = "object" } });
                }

                result = new JsonObject { ["tools"] = tools, ["ttlMs"] = 0, ["cacheScope"] = "private" };
                break;
            case "tools/call":
                Interlocked.Increment(ref _calls);
                var now = Interlocked.Increment(ref _inFlight);
                int seen;
                while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
                {
                }

                try
                {
                    await _gate.Task;
                    if (Hold > TimeSpan.Zero)
                    {
                        await Task.Delay(Hold);
                    }

                    if (Failing)
                    {
                        return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }

                result = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "done" }) };
                break;
            default:
                return Results.Json(new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = body["id"]!.DeepClone(),
                    ["error"] = new JsonObject { ["code"] = -32601, ["message"] = "Method not found" },
                });
        }

        result["resultType"] = "complete";
        return Results.Json(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]!.DeepClone(), ["result"] = result });
    }

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}

/// <summary>How <see cref="GuardedBackend"/> answers <c>tools/list</c>.</summary>
public enum ListingFault
{
    /// <summary>With its tools.</summary>
    None,

    /// <summary>With a JSON-RPC error.</summary>
    Error,

    /// <summary>Not within 30 s (until the request is given up).</summary>
    Hang,
}
