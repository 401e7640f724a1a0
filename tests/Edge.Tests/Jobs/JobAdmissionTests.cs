using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>
/// A job passes admission once, in two parts: its tool's rate limit (and the caller's quota) is spent when it is
/// submitted, never again by the run; the tool's concurrency cap applies when a worker runs it, not at submit.
/// The tool <c>capped.wait</c> has two tokens that barely refill and one slot with no queue.
/// </summary>
public sealed class JobAdmissionTests : IAsyncLifetime
{
    private JobBackend _backend = null!;
    private GatewayHost _gateway = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        _backend = await JobBackend.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            _backend.Yaml("capped", false, false, "rate_limit_per_minute: 1", "burst: 2", "max_concurrency: 1", "queue_length: 0"),
            new Dictionary<string, string> { ["GATEWAY_JOB_BACKOFF_SECONDS"] = "0.5", ["GATEWAY_JOB_MAX_ATTEMPTS"] = "100" });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task RateLimitsCountAtSubmitOnly_TheConcurrencyCapWhenTheJobRuns()
    {
        var first = Guid.NewGuid().ToString("N");
        var second = Guid.NewGuid().ToString("N");
        var (firstStatus, firstJob) = await SubmitAsync(first);
        Assert.Equal(202, firstStatus);
        await _backend.WaitForAsync(first, "running");

        // The first job's run took no token and its slot does not refuse a submit: the second is accepted.
        var (secondStatus, secondJob) = await SubmitAsync(second);
        Assert.Equal(202, secondStatus);

        // Two tokens, two submits: the third is refused at submit, and nothing is stored.
        var (thirdStatus, refused) = await SubmitAsync(Guid.NewGuid().ToString("N"));
        Assert.Equal(429, thirdStatus);
        Assert.Equal("rate_limited", refused!["error"]!["kind"]!.GetValue<string>());

        // The second job's run meets the cap (the first holds the one slot): it is refused before the backend and retried.
        var secondId = secondJob!["job_id"]!.GetValue<string>();
        var retrying = await JobsFixture.WaitForAsync(_gateway, secondId, job => job.Attempts >= 2);
        Assert.False(_backend.Calls.ContainsKey(second));
        Assert.NotEqual(JobStatus.Failed, retrying.Status);

        _backend.Release(first);
        _backend.Release(second);
        await JobsFixture.WaitForAsync(_gateway, firstJob!["job_id"]!.GetValue<string>(), job => job.Status == JobStatus.Succeeded);
        await JobsFixture.WaitForAsync(_gateway, secondId, job => job.Status == JobStatus.Succeeded);
        Assert.Equal(["done"], _backend.Calls[second]);
    }

    private async Task<(int Status, JsonNode? Body)> SubmitAsync(string tag)
    {
        using var response = await _http.PostAsync(new Uri(_gateway.BaseAddress, "/mcp/invoke"), new StringContent(
            new JsonObject { ["tool_name"] = "capped.wait", ["arguments"] = new JsonObject { ["tag"] = tag }, ["async"] = true }.ToJsonString(),
            Encoding.UTF8,
            "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}
