using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>Jobs over REST: <c>POST /mcp/invoke</c> with <c>"async": true</c>, <c>/jobs/{id}</c>, its result, cancel, isolation.</summary>
public sealed class RestJobTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task AsyncInvoke_RunsAsAJob_AndTheResultIsExactlyTheBackends()
    {
        var tag = Guid.NewGuid().ToString("N");
        var id = await fixture.SubmitAsync("alice", tag);
        Assert.True(JobId.IsWellFormed(id));

        await fixture.Backend.WaitForAsync(tag, "running");
        await fixture.WaitForStatusAsync(id, JobStatus.Running);
        var (runningStatus, running, _) = await fixture.RestAsync(HttpMethod.Get, "/jobs/" + id, "alice");
        Assert.Equal(200, runningStatus);
        Assert.Equal("running", running!["status"]!.GetValue<string>());
        Assert.Equal(1, running["attempts"]!.GetValue<int>());
        Assert.True(running["poll_interval_ms"]!.GetValue<int>() > 0);
        var (notYet, early, _) = await fixture.RestAsync(HttpMethod.Get, $"/jobs/{id}/result", "alice");
        Assert.Equal(409, notYet);
        Assert.Equal("job_not_finished", early!["error"]!["kind"]!.GetValue<string>());

        fixture.Backend.Release(tag);
        await fixture.WaitForStatusAsync(id, JobStatus.Succeeded);

        var (status, result, _) = await fixture.RestAsync(HttpMethod.Get, $"/jobs/{id}/result", "alice");
        Assert.Equal(200, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"content":[{"type":"text","text":"waited for {{tag}}"}],"structuredContent":{"tag":"{{tag}}","call":1},"resultType":"complete"}
            """), result), result!.ToJsonString());
        var (_, done, _) = await fixture.RestAsync(HttpMethod.Get, "/jobs/" + id, "alice");
        Assert.Equal("succeeded", done!["status"]!.GetValue<string>());
        Assert.NotNull(done["finished_at"]);
        Assert.NotNull(done["expires_at"]);
        Assert.Single(fixture.Backend.Calls[tag]);
    }

    [Fact]
    public async Task LongRunningTool_BecomesAJobWithoutAsking()
    {
        var tag = Guid.NewGuid().ToString("N");
        fixture.Backend.Release(tag);
        var (status, body, _) = await fixture.RestAsync(HttpMethod.Post, "/mcp/invoke", "alice",
            new JsonObject { ["tool_name"] = "lazy.wait", ["arguments"] = new JsonObject { ["tag"] = tag } });

        Assert.Equal(202, status);
        await fixture.WaitForStatusAsync(body!["job_id"]!.GetValue<string>(), JobStatus.Succeeded);
    }

    [Fact]
    public async Task Cancel_StopsTheCallAtTheBackend()
    {
        var tag = Guid.NewGuid().ToString("N");
        var id = await fixture.SubmitAsync("alice", tag);
        await fixture.Backend.WaitForAsync(tag, "running");

        var (status, body, _) = await fixture.RestAsync(HttpMethod.Delete, "/jobs/" + id, "alice");

        Assert.Equal(200, status);
        Assert.Equal("cancelled", body!["status"]!.GetValue<string>());
        await fixture.Backend.WaitForAsync(tag, "cancelled");
        var (resultStatus, result, _) = await fixture.RestAsync(HttpMethod.Get, $"/jobs/{id}/result", "alice");
        Assert.Equal(499, resultStatus);
        Assert.Equal("cancelled", result!["error"]!["kind"]!.GetValue<string>());
        var (again, _, _) = await fixture.RestAsync(HttpMethod.Delete, "/jobs/" + id, "alice");
        Assert.Equal(409, again);
        Assert.Equal("cancelled", (await fixture.WaitForStatusAsync(id, JobStatus.Cancelled)).Status.Name());
    }

    [Fact]
    public async Task AnotherUsersJob_AnswersExactlyLikeAnUnknownId()
    {
        var tag = Guid.NewGuid().ToString("N");
        var id = await fixture.SubmitAsync("alice", tag);
        var unknown = JobId.New();

        foreach (var (method, suffix) in new[] { (HttpMethod.Get, ""), (HttpMethod.Get, "/result"), (HttpMethod.Delete, "") })
        {
            var (status, body, _) = await fixture.RestAsync(method, $"/jobs/{id}{suffix}", "bob");
            var (unknownStatus, unknownBody, _) = await fixture.RestAsync(method, $"/jobs/{unknown}{suffix}", "bob");
            Assert.Equal(404, status);
            Assert.Equal(unknownStatus, status);
            Assert.Equal(unknownBody!.ToJsonString().Replace(unknown, id, StringComparison.Ordinal), body!.ToJsonString());
        }

        var (_, bobs, _) = await fixture.RestAsync(HttpMethod.Get, "/jobs", "bob");
        Assert.DoesNotContain(bobs!["jobs"]!.AsArray(), j => j!["job_id"]!.GetValue<string>() == id);
        var (_, admins, _) = await fixture.RestAsync(HttpMethod.Get, "/jobs/" + id, "root", roles: "admin");
        Assert.Equal(id, admins!["job_id"]!.GetValue<string>());
        var (_, stillRunning, _) = await fixture.RestAsync(HttpMethod.Get, "/jobs/" + id, "alice");
        Assert.NotEqual("cancelled", stillRunning!["status"]!.GetValue<string>());
        fixture.Backend.Release(tag);
        await fixture.WaitForStatusAsync(id, JobStatus.Succeeded);
    }

    [Fact]
    public async Task AThousandConcurrentSubmits_AreEachStoredAndRunOnce()
    {
        var tags = Enumerable.Range(0, 1000).Select(i => $"bulk-{Guid.NewGuid():N}").ToList();
        foreach (var tag in tags)
        {
            fixture.Backend.Release(tag);
        }

        var users = Enumerable.Range(0, 25).Select(i => "bulk-user-" + i).ToArray();
        var ids = await Task.WhenAll(tags.Select((tag, i) => fixture.SubmitAsync(users[i % users.Length], tag)));

        Assert.Equal(1000, ids.Distinct().Count());
        foreach (var id in ids)
        {
            await fixture.WaitForStatusAsync(id, JobStatus.Succeeded);
        }

        Assert.All(tags, tag => Assert.Equal(["done"], fixture.Backend.Calls[tag]));
    }
}
