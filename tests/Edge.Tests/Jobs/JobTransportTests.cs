using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>
/// Jobs against the conformance backend (src/Tools/Conformance) on every backend transport: Streamable HTTP on a session
/// revision (<c>http</c>), legacy HTTP+SSE (<c>sse</c>), stdio (<c>stdio</c>, a child process of the gateway) and
/// Streamable HTTP under 2026-07-28 (<c>stateless</c>). Cancelling a running job reaches the backend as an MCP
/// cancellation (the backend says what it saw); a job's backend that asks the caller something gets a clear refusal.
/// </summary>
public sealed class JobTransportTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private BackendProcess _backend = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendProcess.StartAsync(BackendProcess.Conformance);
        var backendBase = _backend.BaseAddress;
        _gateway = await GatewayHost.StartAsync(
            $"  - name: http\n    transport: streamable-http\n    url: {new Uri(backendBase, "/mcp")}\n    protocol_version: \"2025-11-25\"\n"
            + $"  - name: sse\n    transport: sse\n    url: {new Uri(backendBase, "/sse")}\n"
            + "  - name: stdio\n    transport: stdio\n    command: [dotnet, \"${APP_DIR}/Conformance.dll\", --stdio]\n    discovery_timeout_seconds: 20\n"
            + $"  - name: stateless\n    transport: streamable-http\n    url: {new Uri(backendBase, "/mcp")}\n    protocol_version: \"2026-07-28\"\n",
            new Dictionary<string, string> { ["GATEWAY_JOB_MAX_ATTEMPTS"] = "1" });
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        foreach (var backend in new[] { "http", "sse", "stdio", "stateless" })
        {
            await _gateway.WaitForToolAsync(backend + ".test_call_state", ready.Token);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData("http")]
    [InlineData("sse")]
    [InlineData("stdio")]
    [InlineData("stateless")]
    public async Task CancellingARunningJob_CancelsTheCallAtTheBackend(string backend)
    {
        var tag = Guid.NewGuid().ToString("N");
        var id = await SubmitAsync(backend + ".test_wait_until_cancelled", new JsonObject { ["tag"] = tag });
        await WaitForCallStateAsync(backend, tag, "running");

        using var cancel = await _http.DeleteAsync(new Uri(_gateway.BaseAddress, "/jobs/" + id));
        Assert.Equal(200, (int)cancel.StatusCode);

        await WaitForCallStateAsync(backend, tag, "cancelled");
        Assert.Equal(JobStatus.Cancelled, (await JobsFixture.WaitForAsync(_gateway, id, j => j.Status.IsTerminal())).Status);
    }

    /// <summary>
    /// A session-revision backend: a job's call goes over the gateway's shared session, which declares no client
    /// capability, so a request to the client is refused with -32601 (the tool reports it and the job succeeds).
    /// </summary>
    [Fact]
    public async Task AJobsSessionBackendAskingTheCallerForSampling_IsRefused()
    {
        var id = await SubmitAsync("http.test_sampling_unchecked", []);

        var job = await JobsFixture.WaitForAsync(_gateway, id, j => j.Status.IsTerminal());

        Assert.True(job.Status == JobStatus.Succeeded, $"{job.Status.Name()}: {job.Error?.Kind} {job.Error?.Message}");
        Assert.True(job.Result!["isError"]!.GetValue<bool>());
        var text = job.Result["content"]![0]!["text"]!.GetValue<string>();
        Assert.StartsWith("Sampling refused: -32601", text, StringComparison.Ordinal);
        Assert.Contains("did not declare the 'sampling' capability", text, StringComparison.Ordinal);
    }

    /// <summary>2026-07-28 (negotiated over legacy SSE and stdio too): the backend answers input_required, which a job cannot get: the job fails with the reason.</summary>
    [Theory]
    [InlineData("sse")]
    [InlineData("stdio")]
    [InlineData("stateless")]
    public async Task AJobsBackendNeedingInputUnder20260728_FailsTheJob_SayingTheCallIsAJob(string backend)
    {
        var id = await SubmitAsync(backend + ".test_sampling_unchecked", []);

        var job = await JobsFixture.WaitForAsync(_gateway, id, j => j.Status.IsTerminal());

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(Core.Protocol.GatewayErrorKind.BackendError, job.Error!.Kind);
        Assert.Contains("needs 'sampling/createMessage' from the client", job.Error.Message, StringComparison.Ordinal);
        Assert.Contains($"the call runs as job {id} in the background and its caller cannot be asked", job.Error.Message, StringComparison.Ordinal);
    }

    private async Task<string> SubmitAsync(string tool, JsonObject arguments)
    {
        using var response = await PostAsync(new JsonObject { ["tool_name"] = tool, ["arguments"] = arguments, ["async"] = true });
        Assert.Equal(202, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>();
    }

    /// <summary>Asks the backend (through the gateway, so a stdio backend's own process answers) until it saw the call reach <paramref name="state"/>.</summary>
    private async Task WaitForCallStateAsync(string backend, string tag, string state)
    {
        await Eventually.ValueAsync(
            async () =>
            {
                using var response = await PostAsync(new JsonObject { ["tool_name"] = backend + ".test_call_state", ["arguments"] = new JsonObject { ["tag"] = tag } });
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["content"]![0]!["text"]!.GetValue<string>();
            },
            seen => seen == state,
            $"the backend '{backend}' to see the call '{tag}' {state}",
            TimeSpan.FromSeconds(90));
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject body) =>
        _http.PostAsync(new Uri(_gateway.BaseAddress, "/mcp/invoke"), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
}
