using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>
/// Status pushes when the job runs on another node: two nodes on one PostgreSQL database, an edge-only node that holds
/// the client's stream (it runs no workers) and a worker-only node that runs every job. Whatever the worker changes
/// (running, progress, the outcome) reaches the stream on the edge node.
/// </summary>
public sealed class JobPushTests : IAsyncLifetime
{
    private JobBackend _backend = null!;
    private GatewayHost _edge = null!;
    private GatewayHost _worker = null!;

    public async Task InitializeAsync()
    {
        _backend = await JobBackend.StartAsync();
        var database = await SharedPostgres.CreateDatabaseAsync("push");
        var yaml = _backend.Yaml("slow") + _backend.Yaml("lazy", longRunning: true);
        _edge = await GatewayHost.StartAsync(yaml, new Dictionary<string, string> { ["GATEWAY_NODE_MODE"] = "edge" }, databaseUrl: database.Url);
        _worker = await GatewayHost.StartAsync(yaml, new Dictionary<string, string> { ["GATEWAY_NODE_MODE"] = "worker" }, databaseUrl: database.Url);
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _worker.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Revision20251125_ProgressAndEveryStatusChange_ArePushedOnTheSessionStream_FromTheWorkerNode()
    {
        using var alice = new McpCaller(_edge.McpEndpoint, "unused");
        await alice.InitializeAsync();
        await using var stream = await alice.OpenStreamAsync();
        var tag = Guid.NewGuid().ToString("N");
        var call = McpCaller.ToolCall("slow.wait", new JsonObject { ["tag"] = tag }, new JsonObject());
        call["_meta"] = new JsonObject { ["progressToken"] = "alice-1" };
        var taskId = (await alice.SessionAsync("tools/call", call))["result"]!["task"]!["taskId"]!.GetValue<string>();
        await _backend.WaitForAsync(tag, "running");

        var seen = new List<JsonObject>();
        bool IsProgress(JsonObject m) => m["method"]?.GetValue<string>() == "notifications/progress";
        bool IsWorking(JsonObject m) => m["params"]?["statusMessage"]?.GetValue<string>() == $"waiting for {tag} (1/2)";
        await NextAsync(stream, seen, _ => seen.Any(IsProgress) && seen.Any(IsWorking));
        var progress = seen.Single(IsProgress);
        Assert.Equal("alice-1", progress["params"]!["progressToken"]!.GetValue<string>());
        Assert.Equal(1, progress["params"]!["progress"]!.GetValue<int>());
        Assert.Equal(2, progress["params"]!["total"]!.GetValue<int>());
        Assert.Equal("waiting for " + tag, progress["params"]!["message"]!.GetValue<string>());
        Assert.Equal(taskId, progress["params"]!["_meta"]!["io.modelcontextprotocol/related-task"]!["taskId"]!.GetValue<string>());
        var working = seen.Single(IsWorking);
        Assert.Equal("notifications/tasks/status", working["method"]!.GetValue<string>());
        Assert.Equal("working", working["params"]!["status"]!.GetValue<string>());

        _backend.Release(tag);

        var completed = await NextAsync(stream, seen, m => m["params"]?["status"]?.GetValue<string>() == "completed");
        Assert.Equal("notifications/tasks/status", completed["method"]!.GetValue<string>());
        Assert.Equal(taskId, completed["params"]!["taskId"]!.GetValue<string>());
        Assert.All(seen.Where(m => m["method"]!.GetValue<string>() == "notifications/tasks/status").SkipLast(1),
            m => Assert.Equal("working", m["params"]!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Revision20260728_Listener_GetsTheFinishedTask_FromTheWorkerNode()
    {
        using var alice = new McpCaller(_edge.McpEndpoint, "unused");
        var tag = Guid.NewGuid().ToString("N");
        var taskId = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("lazy.wait", new JsonObject { ["tag"] = tag }), tasks: true))["result"]!["taskId"]!.GetValue<string>();
        await using var stream = await alice.ListenAsync(new JsonObject { ["taskIds"] = new JsonArray(taskId) }, tasks: true);
        var seen = new List<JsonObject>();
        await NextAsync(stream, seen, m => m["params"]?["notifications"]?["taskIds"] is not null);
        await _backend.WaitForAsync(tag, "running");

        _backend.Release(tag);

        var completed = await NextAsync(stream, seen, m => m["params"]?["status"]?.GetValue<string>() == "completed");
        Assert.Equal("notifications/tasks", completed["method"]!.GetValue<string>());
        Assert.Equal(taskId, completed["params"]!["taskId"]!.GetValue<string>());
        Assert.Equal("waited for " + tag, completed["params"]!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    /// <summary>The next message on the stream that matches, keeping every message read in <paramref name="seen"/>.</summary>
    private static async Task<JsonObject> NextAsync(SessionStream stream, List<JsonObject> seen, Func<JsonObject, bool> match)
    {
        while (true)
        {
            var message = await stream.NextAsync(TimeSpan.FromSeconds(60))
                ?? throw new TimeoutException("Nothing more on the stream; it had: " + string.Join("\n", seen.Select(m => m.ToJsonString())));
            seen.Add(message);
            if (match(message))
            {
                return message;
            }
        }
    }
}
