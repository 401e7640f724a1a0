using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>MCP tasks mapped onto jobs: the 2025-11-25 task augmentation, the 2026-07-28 tasks extension, and the gateway's job tools.</summary>
public sealed class McpTaskTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task Revision20251125_TaskAugmentedCall_IsAJob_FollowedWithTheTasksMethods()
    {
        using var alice = McpCaller.For(fixture, "alice");
        var initialized = await alice.InitializeAsync();
        Assert.NotNull(initialized["result"]!["capabilities"]!["tasks"]!["requests"]!["tools"]!["call"]);
        var tools = (await alice.SessionAsync("tools/list", new JsonObject()))["result"]!["tools"]!.AsArray();
        Assert.Equal("optional", tools.Single(t => t!["name"]!.GetValue<string>() == "slow.wait")!["execution"]!["taskSupport"]!.GetValue<string>());
        Assert.Equal("forbidden", tools.Single(t => t!["name"]!.GetValue<string>() == "get_job_status")!["execution"]!["taskSupport"]!.GetValue<string>());
        var tag = Guid.NewGuid().ToString("N");

        var created = await alice.SessionAsync("tools/call", McpCaller.ToolCall("slow.wait", new JsonObject { ["tag"] = tag }, new JsonObject { ["ttl"] = 60000 }));

        var task = created["result"]!["task"]!;
        var taskId = task["taskId"]!.GetValue<string>();
        Assert.Equal("working", task["status"]!.GetValue<string>());
        Assert.Equal(60000, task["ttl"]!.GetValue<int>());
        Assert.True(task["pollInterval"]!.GetValue<int>() > 0);
        await fixture.Backend.WaitForAsync(tag, "running");
        var working = await alice.SessionAsync("tasks/get", new JsonObject { ["taskId"] = taskId });
        Assert.Equal("working", working["result"]!["status"]!.GetValue<string>());
        var listed = await alice.SessionAsync("tasks/list", new JsonObject());
        Assert.Contains(listed["result"]!["tasks"]!.AsArray(), t => t!["taskId"]!.GetValue<string>() == taskId);

        var blocked = alice.SessionAsync("tasks/result", new JsonObject { ["taskId"] = taskId });
        fixture.Backend.Release(tag);
        var result = (await blocked)["result"]!;

        Assert.Equal("waited for " + tag, result["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(taskId, result["_meta"]!["io.modelcontextprotocol/related-task"]!["taskId"]!.GetValue<string>());
        Assert.Equal("completed", (await alice.SessionAsync("tasks/get", new JsonObject { ["taskId"] = taskId }))["result"]!["status"]!.GetValue<string>());
        var cancelFinished = await alice.SessionAsync("tasks/cancel", new JsonObject { ["taskId"] = taskId });
        Assert.Equal(-32602, cancelFinished["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Revision20251125_AnotherUsersTask_IsNotFound()
    {
        using var alice = McpCaller.For(fixture, "alice");
        using var bob = McpCaller.For(fixture, "bob");
        await alice.InitializeAsync();
        await bob.InitializeAsync();
        var tag = Guid.NewGuid().ToString("N");
        fixture.Backend.Release(tag);
        var created = await alice.SessionAsync("tools/call", McpCaller.ToolCall("slow.wait", new JsonObject { ["tag"] = tag }, new JsonObject()));
        var taskId = created["result"]!["task"]!["taskId"]!.GetValue<string>();

        foreach (var method in new[] { "tasks/get", "tasks/result", "tasks/cancel" })
        {
            var theirs = await bob.SessionAsync(method, new JsonObject { ["taskId"] = taskId });
            var unknown = await bob.SessionAsync(method, new JsonObject { ["taskId"] = JobId.New() });
            Assert.Equal(-32602, theirs["error"]!["code"]!.GetValue<int>());
            Assert.Equal(unknown["error"]!.ToJsonString(), theirs["error"]!.ToJsonString());
        }

        var bobsList = await bob.SessionAsync("tasks/list", new JsonObject());
        Assert.DoesNotContain(bobsList["result"]!["tasks"]!.AsArray(), t => t!["taskId"]!.GetValue<string>() == taskId);
    }

    [Fact]
    public async Task Revision20251125_ClientReconnects_AndGetsTheResult()
    {
        var tag = Guid.NewGuid().ToString("N");
        string taskId;
        using (var first = McpCaller.For(fixture, "alice"))
        {
            await first.InitializeAsync();
            var created = await first.SessionAsync("tools/call", McpCaller.ToolCall("slow.wait", new JsonObject { ["tag"] = tag }, new JsonObject()));
            taskId = created["result"]!["task"]!["taskId"]!.GetValue<string>();
        }

        await fixture.Backend.WaitForAsync(tag, "running");
        fixture.Backend.Release(tag);
        using var again = McpCaller.For(fixture, "alice");
        await again.InitializeAsync();

        var result = await again.SessionAsync("tasks/result", new JsonObject { ["taskId"] = taskId });
        Assert.Equal("waited for " + tag, result["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revision20251125_StatusChanges_ArePushedOnTheSessionStream()
    {
        using var alice = McpCaller.For(fixture, "alice");
        await alice.InitializeAsync();
        await using var session = await alice.OpenStreamAsync();
        var tag = Guid.NewGuid().ToString("N");
        var created = await alice.SessionAsync("tools/call", McpCaller.ToolCall("slow.wait", new JsonObject { ["tag"] = tag }, new JsonObject()));
        var taskId = created["result"]!["task"]!["taskId"]!.GetValue<string>();
        await fixture.Backend.WaitForAsync(tag, "running");

        fixture.Backend.Release(tag);

        JsonObject? notification;
        do
        {
            notification = await session.NextAsync(TimeSpan.FromSeconds(30));
        }
        while (notification is not null && notification["params"]?["status"]?.GetValue<string>() != "completed");

        Assert.Equal("notifications/tasks/status", notification!["method"]!.GetValue<string>());
        Assert.Equal(taskId, notification["params"]!["taskId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revision20260728_WithTheExtension_LongRunningToolAnswersATask_AndGetInlinesTheResult()
    {
        using var alice = McpCaller.For(fixture, "alice");
        var discover = await alice.StatelessAsync("server/discover", new JsonObject(), tasks: true);
        Assert.NotNull(discover["result"]!["capabilities"]!["extensions"]!["io.modelcontextprotocol/tasks"]);
        var tag = Guid.NewGuid().ToString("N");

        var created = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("lazy.wait", new JsonObject { ["tag"] = tag }), tasks: true))["result"]!;

        Assert.Equal("task", created["resultType"]!.GetValue<string>());
        Assert.Equal("working", created["status"]!.GetValue<string>());
        var taskId = created["taskId"]!.GetValue<string>();
        fixture.Backend.Release(tag);
        await fixture.WaitForStatusAsync(taskId, JobStatus.Succeeded);
        var done = (await alice.StatelessAsync("tasks/get", new JsonObject { ["taskId"] = taskId }, tasks: true))["result"]!;
        Assert.Equal("complete", done["resultType"]!.GetValue<string>());
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("waited for " + tag, done["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.True(done["pollIntervalMs"]!.GetValue<int>() > 0);

        var refused = await alice.StatelessAsync("tasks/get", new JsonObject { ["taskId"] = taskId }, tasks: false);
        Assert.Equal(-32021, refused["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Revision20260728_WithTheExtension_OrdinaryToolsStillAnswerAtOnce()
    {
        using var alice = McpCaller.For(fixture, "alice");
        var tag = Guid.NewGuid().ToString("N");
        fixture.Backend.Release(tag);

        var result = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("slow.wait", new JsonObject { ["tag"] = tag }), tasks: true))["result"]!;

        Assert.Equal("complete", result["resultType"]!.GetValue<string>());
        Assert.Equal("waited for " + tag, result["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task ClientWithoutTasks_GetsAJobHandle_AndFollowsItWithTheGatewayTools()
    {
        using var alice = McpCaller.For(fixture, "alice");
        var tools = (await alice.StatelessAsync("tools/list", new JsonObject(), tasks: false))["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("get_job_status", tools);
        Assert.Contains("get_job_result", tools);
        Assert.Contains("cancel_job", tools);
        Assert.Contains("list_jobs", tools);
        var tag = Guid.NewGuid().ToString("N");

        var handle = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("lazy.wait", new JsonObject { ["tag"] = tag }), tasks: false))["result"]!;

        var jobId = handle["structuredContent"]!["job_id"]!.GetValue<string>();
        Assert.Contains(jobId, handle["content"]![0]!["text"]!.GetValue<string>());
        await fixture.Backend.WaitForAsync(tag, "running");
        var status = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("get_job_status", new JsonObject { ["job_id"] = jobId }), tasks: false))["result"]!;
        Assert.Equal("running", status["structuredContent"]!["status"]!.GetValue<string>());
        var notYet = await alice.StatelessAsync("tools/call", McpCaller.ToolCall("get_job_result", new JsonObject { ["job_id"] = jobId }), tasks: false);
        Assert.Equal(-32602, notYet["error"]!["code"]!.GetValue<int>());

        fixture.Backend.Release(tag);
        await fixture.WaitForStatusAsync(jobId, JobStatus.Succeeded);
        var result = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("get_job_result", new JsonObject { ["job_id"] = jobId }), tasks: false))["result"]!;
        Assert.Equal("waited for " + tag, result["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(tag, result["structuredContent"]!["tag"]!.GetValue<string>());
        var listed = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("list_jobs", new JsonObject()), tasks: false))["result"]!;
        Assert.Contains(listed["structuredContent"]!["jobs"]!.AsArray(), j => j!["job_id"]!.GetValue<string>() == jobId);

        using var bob = McpCaller.For(fixture, "bob");
        var theirs = await bob.StatelessAsync("tools/call", McpCaller.ToolCall("get_job_result", new JsonObject { ["job_id"] = jobId }), tasks: false);
        Assert.Equal($"Unknown job: '{jobId}'", theirs["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CancelJobTool_CancelsTheCallAtTheBackend()
    {
        using var alice = McpCaller.For(fixture, "alice");
        var tag = Guid.NewGuid().ToString("N");
        var handle = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("lazy.wait", new JsonObject { ["tag"] = tag }), tasks: false))["result"]!;
        var jobId = handle["structuredContent"]!["job_id"]!.GetValue<string>();
        await fixture.Backend.WaitForAsync(tag, "running");

        var cancelled = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("cancel_job", new JsonObject { ["job_id"] = jobId }), tasks: false))["result"]!;

        Assert.Equal("cancelled", cancelled["structuredContent"]!["status"]!.GetValue<string>());
        await fixture.Backend.WaitForAsync(tag, "cancelled");
    }

    [Fact]
    public async Task Revision20260728_ListenForTaskIds_PushesTheTaskWhenItFinishes()
    {
        using var alice = McpCaller.For(fixture, "alice");
        var tag = Guid.NewGuid().ToString("N");
        var taskId = (await alice.StatelessAsync("tools/call", McpCaller.ToolCall("lazy.wait", new JsonObject { ["tag"] = tag }), tasks: true))["result"]!["taskId"]!.GetValue<string>();
        var refused = await alice.StatelessAsync("subscriptions/listen", new JsonObject { ["notifications"] = new JsonObject { ["taskIds"] = new JsonArray(taskId) } }, tasks: false);
        Assert.Equal(-32021, refused["error"]!["code"]!.GetValue<int>());

        await using var stream = await alice.ListenAsync(new JsonObject { ["taskIds"] = new JsonArray(taskId, JobId.New()) }, tasks: true);
        var ack = await stream.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([taskId], ack!["params"]!["notifications"]!["taskIds"]!.AsArray().Select(t => t!.GetValue<string>()));

        fixture.Backend.Release(tag);

        JsonObject? notification;
        do
        {
            notification = await stream.NextAsync(TimeSpan.FromSeconds(30));
        }
        while (notification is not null && notification["params"]?["status"]?.GetValue<string>() != "completed");

        Assert.Equal("notifications/tasks", notification!["method"]!.GetValue<string>());
        Assert.Equal(taskId, notification["params"]!["taskId"]!.GetValue<string>());
        Assert.Equal("waited for " + tag, notification["params"]!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }
}
