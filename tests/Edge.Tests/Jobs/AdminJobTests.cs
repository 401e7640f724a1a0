using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>
/// The admin API's jobs (the operator dashboard's jobs panel): <c>GET /admin/jobs</c> shows every user's queued and
/// running jobs; <c>POST /admin/jobs/{id}/cancel</c> lets an admin cancel any user's job, and every attempt is audited.
/// </summary>
public sealed class AdminJobTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    [Fact]
    public async Task AnAdmin_SeesAndCancelsAnotherUsersJob_AndTheCancelIsAudited()
    {
        var tag = Guid.NewGuid().ToString("N");
        var owner = "owner-" + tag[..8];
        var admin = "admin-" + tag[..8];
        var id = await fixture.SubmitAsync(owner, tag);
        await fixture.Backend.WaitForAsync(tag, "running");
        await fixture.WaitForStatusAsync(id, JobStatus.Running);

        var (listed, jobs, _) = await fixture.RestAsync(HttpMethod.Get, "/admin/jobs", admin, null, "admin");
        Assert.Equal(200, listed);
        var running = Assert.Single(jobs!["running"]!.AsArray(), j => j!["job_id"]!.GetValue<string>() == id)!;
        Assert.Equal(owner, running["user_id"]!.GetValue<string>());
        Assert.Equal("slow.wait", running["tool"]!.GetValue<string>());
        Assert.True(jobs["counts"]!["running"]!.GetValue<int>() >= 1);

        // Neither the owner nor another non-admin reaches the admin API.
        var (forbidden, _, _) = await fixture.RestAsync(HttpMethod.Post, $"/admin/jobs/{id}/cancel", owner);
        Assert.Equal(403, forbidden);
        var (listForbidden, _, _) = await fixture.RestAsync(HttpMethod.Get, "/admin/jobs", owner);
        Assert.Equal(403, listForbidden);

        var (cancelled, job, _) = await fixture.RestAsync(HttpMethod.Post, $"/admin/jobs/{id}/cancel", admin, null, "admin");
        Assert.Equal(200, cancelled);
        Assert.Equal("cancelled", job!["status"]!.GetValue<string>());
        await fixture.Backend.WaitForAsync(tag, "cancelled");
        var (again, conflict, _) = await fixture.RestAsync(HttpMethod.Post, $"/admin/jobs/{id}/cancel", admin, null, "admin");
        Assert.Equal(409, again);
        Assert.Equal("job_already_finished", conflict!["error"]!["kind"]!.GetValue<string>());
        var (unknown, _, _) = await fixture.RestAsync(HttpMethod.Post, "/admin/jobs/job_nothing/cancel", admin, null, "admin");
        Assert.Equal(404, unknown);

        // Each attempt has its record: who, which job's tool, what came of it.
        var records = await Eventually.ValueAsync(
            async () => (await fixture.RestAsync(HttpMethod.Get, $"/admin/audit?user={admin}", admin, null, "admin")).Body!["records"]!.AsArray(),
            r => r.Count(x => x!["method"]!.GetValue<string>() == "jobs/cancel") == 3,
            "three audit records of the admin's cancels");
        var cancels = records.Where(r => r!["method"]!.GetValue<string>() == "jobs/cancel").Reverse().ToList();
        Assert.All(cancels, r => Assert.Equal("admin", r!["endpoint"]!.GetValue<string>()));
        Assert.Equal(["success", "error", "error"], cancels.Select(r => r!["outcome"]!.GetValue<string>()));
        Assert.Equal("slow.wait", cancels[0]!["name"]!.GetValue<string>());
        Assert.Equal(["JobAlreadyFinished", "UnknownJob"], cancels.Skip(1).Select(r => r!["error_kind"]!.GetValue<string>()));
    }
}
