using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>
/// A gateway in auth mode jwt in front of <see cref="JobBackend"/> (backend <c>slow</c>: <c>slow.wait</c>, and
/// <c>lazy</c>: the same tool marked <c>long_running</c>), with REST and MCP helpers acting as a given user.
/// </summary>
public sealed class JobsFixture : IAsyncLifetime
{
    public JobBackend Backend { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        Backend = await JobBackend.StartAsync();
        var environment = TestTokens.GatewayEnvironment();
        environment["GATEWAY_JOB_MAX_ACTIVE_PER_USER"] = "50";
        environment["GATEWAY_JOB_TOOLS"] = "true";
        Gateway = await GatewayHost.StartAsync(Backend.Yaml("slow") + Backend.Yaml("lazy", longRunning: true), environment);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await Backend.DisposeAsync();
    }

    public static string Token(string user, params string[] roles) =>
        TestTokens.Hs(TestTokens.Claims(c =>
        {
            c["sub"] = user;
            c["roles"] = new JsonArray([.. (roles.Length == 0 ? ["developer"] : roles).Select(r => JsonValue.Create(r))]);
        }));

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> RestAsync(HttpMethod method, string path, string user, JsonObject? body = null, params string[] roles)
    {
        using var request = new HttpRequestMessage(method, new Uri(Gateway.BaseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(user, roles));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>Submits <c>slow.wait</c> for <paramref name="tag"/> as a job over REST; returns the job id.</summary>
    public async Task<string> SubmitAsync(string user, string tag, string tool = "slow.wait")
    {
        var (status, body, response) = await RestAsync(HttpMethod.Post, "/mcp/invoke", user,
            new JsonObject { ["tool_name"] = tool, ["arguments"] = new JsonObject { ["tag"] = tag }, ["async"] = true });
        Assert.True(status == 202, $"{status}: {body?.ToJsonString()}");
        var id = body!["job_id"]!.GetValue<string>();
        Assert.Equal("/jobs/" + id, response.Headers.Location?.ToString());
        return id;
    }

    /// <summary>Waits (on the node's job changes, re-reading the read model) until the job has <paramref name="status"/>.</summary>
    public Task<Job> WaitForStatusAsync(string id, JobStatus status) => WaitForAsync(Gateway, id, job => job.Status == status);

    /// <summary>
    /// Waits (on the node's job changes, re-reading the read model) until the job meets <paramref name="condition"/>.
    /// Gives up only when no job of the node changed for 60 s: a loaded machine may take long over a busy queue, but a
    /// queue that stands still is a failure.
    /// </summary>
    public static async Task<Job> WaitForAsync(GatewayHost gateway, string id, Func<Job, bool> condition)
    {
        var changes = gateway.Services.GetRequiredService<JobChanges>();
        var store = gateway.Services.GetRequiredService<IJobStore>();
        using var changed = new SemaphoreSlim(0);
        var lastActivity = DateTimeOffset.UtcNow.Ticks;
        void OnChanged(Job job)
        {
            Interlocked.Exchange(ref lastActivity, DateTimeOffset.UtcNow.Ticks);
            if (job.Id == id)
            {
                changed.Release();
            }
        }

        changes.Changed += OnChanged;
        try
        {
            while (true)
            {
                var job = await store.GetAsync(id, default);
                if (job is not null && condition(job))
                {
                    return job;
                }

                if (DateTimeOffset.UtcNow - new DateTimeOffset(Interlocked.Read(ref lastActivity), TimeSpan.Zero) > TimeSpan.FromSeconds(60))
                {
                    var all = await store.ListAsync(null, new JobPageRequest(5000), default);
                    var counts = string.Join(", ", all.GroupBy(j => j.Status).Select(g => $"{g.Key}: {g.Count()}"));
                    throw new TimeoutException(
                        $"No job changed for 60 s and job {id} is {job?.Status.Name() ?? "gone"}: {job?.StatusMessage} (attempts {job?.Attempts}); all jobs: {counts}");
                }

                // The change wakes this at once; the second is only a backstop for a change seen before subscribing.
                await changed.WaitAsync(TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            changes.Changed -= OnChanged;
        }
    }
}
