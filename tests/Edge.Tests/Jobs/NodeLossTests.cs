using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>
/// Real <c>mcpgw</c> processes killed with SIGKILL in the middle of a job. Embedded engine: the node is restarted on the
/// same data folder under the same node id. PostgreSQL engine: three nodes share one database and the one running the
/// job is killed. Either way the job completes on the surviving node when the tool is idempotent, and fails with
/// "outcome unknown" when it is not; it is never lost nor left running. The jobs come back because their grains do: on
/// PostgreSQL the reminder of each job fires on a surviving silo once membership declared the dead one dead; on the
/// embedded engine the restarted node hands every job of the read model back to its grain. The backend
/// (<see cref="JobBackend"/>) outlives every node.
/// </summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class NodeLossTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly List<ChildProcess> _nodes = [];
    private JobBackend _backend = null!;
    private Dictionary<string, string?> _environment = null!;

    public async Task InitializeAsync()
    {
        _backend = await JobBackend.StartAsync();
        _folder.Write("config/tools.yaml", "backends:\n" + _backend.Yaml("redo", idempotent: true) + _backend.Yaml("once", idempotent: false));
        _folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        _environment = new Dictionary<string, string?>
        {
            ["GATEWAY_AUTH_MODE"] = "none",
            // A job's grain checks on it every second while active; its reminder (the backstop once its node died) comes
            // at Orleans' minimum period, a minute.
            ["GATEWAY_JOB_CHECK_SECONDS"] = "1",
            ["GATEWAY_JOB_BACKOFF_SECONDS"] = "0.1",
            ["GATEWAY_JOB_MAX_ATTEMPTS"] = "5",
            ["LOG_LEVEL"] = "Information",
        };
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _backend.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("postgres")]
    public async Task KillMinus9_MidJob_IdempotentToolCompletesOnAnotherNode_OthersFailWithOutcomeUnknown(string engine)
    {
        if (engine == "postgres")
        {
            _environment["DATABASE_URL"] = (await SharedPostgres.CreateDatabaseAsync("jobs")).Url;
        }

        var nodes = engine == "postgres" ? await Task.WhenAll(StartNodeAsync(), StartNodeAsync(), StartNodeAsync()) : [await StartNodeAsync()];
        var redo = "redo-" + Guid.NewGuid().ToString("N");
        var once = "once-" + Guid.NewGuid().ToString("N");
        var redoJob = await SubmitAsync(nodes[0].Address, "redo.wait", redo);
        var onceJob = await SubmitAsync(nodes[0].Address, "once.wait", once);
        await _backend.WaitForAsync(redo, "running");
        await _backend.WaitForAsync(once, "running");

        // Kill every node running one of the two jobs (on the embedded engine, the one node); then the survivors,
        // or a restarted node on the same data folder, take over.
        var running = new[] { await RunningNodeAsync(nodes[0].Address, redoJob), await RunningNodeAsync(nodes[0].Address, onceJob) };
        Assert.All(running, id => Assert.Contains(id, nodes.Select(n => n.Id)));
        foreach (var node in nodes)
        {
            Assert.Equal(node.Id, await ClusterNodeIdAsync(node.Address));
        }

        var victims = nodes.Where(n => running.Contains(n.Id)).ToList();
        Assert.NotEmpty(victims);
        foreach (var victim in victims)
        {
            victim.Process.KillHard();
            await victim.Process.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var survivors = nodes.Where(n => !victims.Contains(n)).ToList();
        var survivor = survivors.Count > 0 ? survivors[0] : await StartNodeAsync(victims[0].Id);
        // On PostgreSQL the job's reminder (at most once a minute, Orleans' minimum period) fires on a survivor within a
        // minute of the death being declared (docs/jobs.md); the restarted embedded node hands its jobs back at once.
        await WithNodeLogAsync(survivor.Process, () => _backend.WaitForAsync(redo, "running", count: 2, quiet: TimeSpan.FromMinutes(3)));
        _backend.Release(redo);
        _backend.Release(once);

        using var client = new McpCaller(new Uri(survivor.Address, "/mcp"), "unused");
        await client.InitializeAsync();
        var redoResult = await client.SessionAsync("tasks/result", new JsonObject { ["taskId"] = redoJob });
        var onceResult = await client.SessionAsync("tasks/result", new JsonObject { ["taskId"] = onceJob });

        Assert.Equal("waited for " + redo, redoResult["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(-32015, onceResult["error"]!["code"]!.GetValue<int>());
        Assert.StartsWith("Outcome unknown", onceResult["error"]!["message"]!.GetValue<string>());
        // The idempotent call was sent again; the other never.
        Assert.Equal("done", _backend.Calls[redo].Last());
        Assert.All(_backend.Calls[redo].SkipLast(1), state => Assert.Equal("cancelled", state));
        Assert.Equal(["cancelled"], _backend.Calls[once]);
        using var http = new HttpClient();
        var status = JsonNode.Parse(await http.GetStringAsync(new Uri(survivor.Address, "/jobs/" + redoJob)))!;
        Assert.Equal("succeeded", status["status"]!.GetValue<string>());
        Assert.True(status["attempts"]!.GetValue<int>() >= 2);
    }

    [Fact]
    public async Task TwentyJobs_TheirNodeKilledASecondAfterSubmission_EachEndsSucceededOrFailedWithAReason_PolledFromTheOthers()
    {
        _environment["DATABASE_URL"] = (await SharedPostgres.CreateDatabaseAsync("jobs20")).Url;
        _environment["GATEWAY_JOB_MAX_ACTIVE_PER_USER"] = "20";
        var nodes = await Task.WhenAll(StartNodeAsync(), StartNodeAsync(), StartNodeAsync());
        var jobs = new List<(string Id, string Tag, bool Idempotent)>();
        for (var i = 0; i < 20; i++)
        {
            var idempotent = i % 2 == 0;
            var tag = $"twenty-{i}-{Guid.NewGuid():N}";
            if (i % 4 < 2)
            {
                // Half are answered at once (some finish before the kill); the others wait until after it.
                _backend.Release(tag);
            }

            jobs.Add((await SubmitAsync(nodes[0].Address, idempotent ? "redo.wait" : "once.wait", tag), tag, idempotent));
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        nodes[0].Process.KillHard();
        await nodes[0].Process.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var (_, tag, _) in jobs)
        {
            _backend.Release(tag);
        }

        using var http = new HttpClient();
        var survivors = nodes[1..];
        var final = new Dictionary<string, JsonNode>();
        var poll = 0;
        await WithNodeLogAsync(survivors[0].Process, () => Eventually.UntilAsync(async () =>
        {
            foreach (var (id, _, _) in jobs.Where(j => !final.ContainsKey(j.Id)))
            {
                var status = JsonNode.Parse(await http.GetStringAsync(new Uri(survivors[poll++ % survivors.Length].Address, "/jobs/" + id)))!;
                if (status["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled")
                {
                    final[id] = status;
                }
            }

            return final.Count == jobs.Count;
        }, "every job finished", TimeSpan.FromMinutes(3), () => string.Join(", ", jobs.Where(j => !final.ContainsKey(j.Id)).Select(j => j.Id)) + " not finished"));

        foreach (var (id, tag, idempotent) in jobs)
        {
            var status = final[id];
            if (idempotent)
            {
                Assert.Equal("succeeded", status["status"]!.GetValue<string>());
                Assert.Equal("done", _backend.Calls[tag].Last());
            }
            else if (status["status"]!.GetValue<string>() == "failed")
            {
                // Its call was sent before the node died: not run again, failed with the reason. Whether the backend
                // saw the call aborted or answered it just before the node died (the answer lost with the node, or
                // the release came before the backend noticed the dead connection), the gateway cannot know: the
                // outcome is unknown either way, and the one call is all the backend ever got.
                Assert.StartsWith("Outcome unknown", status["error"]!["message"]!.GetValue<string>());
                Assert.Single(_backend.Calls[tag]);
                Assert.Contains(_backend.Calls[tag].Single(), new[] { "cancelled", "done" });
            }
            else
            {
                Assert.Equal("succeeded", status["status"]!.GetValue<string>());
                Assert.Equal(["done"], _backend.Calls[tag]);
            }
        }
    }

    [Fact]
    public async Task ClientStartsALongCall_Disconnects_AndGetsTheResultFromAnotherNode()
    {
        _environment["DATABASE_URL"] = (await SharedPostgres.CreateDatabaseAsync("jobs")).Url;
        var nodes = await Task.WhenAll(StartNodeAsync(), StartNodeAsync());
        var tag = Guid.NewGuid().ToString("N");
        string taskId;
        using (var first = new McpCaller(new Uri(nodes[0].Address, "/mcp"), "unused"))
        {
            await first.InitializeAsync();
            var created = await first.SessionAsync("tools/call", McpCaller.ToolCall("redo.wait", new JsonObject { ["tag"] = tag }, new JsonObject()));
            taskId = created["result"]!["task"]!["taskId"]!.GetValue<string>();
        }

        await _backend.WaitForAsync(tag, "running");
        using var second = new McpCaller(new Uri(nodes[1].Address, "/mcp"), "unused");
        await second.InitializeAsync();
        var waiting = second.SessionAsync("tasks/result", new JsonObject { ["taskId"] = taskId });
        _backend.Release(tag);

        var result = await waiting;
        Assert.Equal("waited for " + tag, result["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    /// <summary>On failure, the node's own log says what became of the job.</summary>
    private static async Task WithNodeLogAsync(ChildProcess node, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException exception)
        {
            var log = string.Join("\n", node.Lines.Where(l => l.Contains("Job", StringComparison.Ordinal)).TakeLast(40));
            throw new TimeoutException("The job was not run again in time. The surviving node logged:\n" + log, exception);
        }
    }

    /// <summary>Starts a node under <paramref name="id"/> (<c>GATEWAY_NODE_ID</c>; default: one named after its port).</summary>
    private async Task<(ChildProcess Process, Uri Address, string Id)> StartNodeAsync(string? id = null)
    {
        var port = FreePort.Next();
        id ??= $"node-{port}";
        var process = GatewayProcess.Run(["--urls", $"http://127.0.0.1:{port}", "--config-dir", Path.Combine(_folder.Path, "config"), "--data-dir", Path.Combine(_folder.Path, "data")], new Dictionary<string, string?>(_environment) { ["GATEWAY_NODE_ID"] = id });
        lock (_nodes)
        {
            _nodes.Add(process);
        }

        var address = new Uri($"http://127.0.0.1:{port}");
        await process.WaitForHttpAsync(new Uri(address, "/health/ready"), TimeSpan.FromSeconds(60));
        return (process, address, id);
    }

    private static async Task<string> ClusterNodeIdAsync(Uri node)
    {
        using var http = new HttpClient();
        return JsonNode.Parse(await http.GetStringAsync(new Uri(node, "/admin/cluster")))!["node"]!.GetValue<string>();
    }

    private static async Task<string> SubmitAsync(Uri node, string tool, string tag)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(node, "/mcp/invoke"), new StringContent(
            new JsonObject { ["tool_name"] = tool, ["arguments"] = new JsonObject { ["tag"] = tag }, ["async"] = true }.ToJsonString(),
            System.Text.Encoding.UTF8,
            "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 202, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["job_id"]!.GetValue<string>();
    }

    /// <summary>The node running the job (the backend already has the call, so the job is running).</summary>
    private static async Task<string> RunningNodeAsync(Uri node, string jobId)
    {
        using var http = new HttpClient();
        var status = JsonNode.Parse(await http.GetStringAsync(new Uri(node, "/jobs/" + jobId)))!;
        Assert.Equal("running", status["status"]!.GetValue<string>());
        return status["node"]!.GetValue<string>();
    }
}
