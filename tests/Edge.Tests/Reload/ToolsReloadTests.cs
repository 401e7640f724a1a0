using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Reload;

/// <summary>
/// Hot reload of <c>tools.yaml</c> on a real node in front of real HTTP backends, while clients hold sessions and
/// streams open: backends added, removed and replaced, a tool's risk, the scope list, and an invalid file.
/// </summary>
public sealed class ToolsReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly RecordingServices _recorded = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private RecordingBackend _a = null!;
    private RecordingBackend _b = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _a = await RecordingBackend.StartAsync();
        _b = await RecordingBackend.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            Backend("a", _a, scope: "alpha"),
            new Dictionary<string, string> { ["GATEWAY_CONFIG_RELOAD_SECONDS"] = "1" },
            services: _recorded.Register);
        await _gateway.WaitForToolAsync("a.whoami", new CancellationTokenSource(Wait).Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static string Backend(string name, RecordingBackend backend, string? scope = null, string tools = "") => $"""
          - name: {name}
            scope: {scope ?? name}
            transport: streamable-http
            url: {backend.Endpoint}
        {tools}
        """;

    private void WriteTools(params string[] backends) => _gateway.Folder.Write("config/tools.yaml", "backends:\n" + string.Concat(backends));

    private int ReloadLogs => _recorded.LogLines.Count(l => l.StartsWith("Configuration reloaded: tools.yaml", StringComparison.Ordinal));

    private async Task<string> ReloadedAsync(int before)
    {
        await Until(() => Task.FromResult(ReloadLogs > before), "tools.yaml to be reloaded");
        return _recorded.LogLines.Last(l => l.StartsWith("Configuration reloaded: tools.yaml", StringComparison.Ordinal));
    }

    private static Task Until(Func<Task<bool>> condition, string what) => Eventually.UntilAsync(condition, what, Wait);

    private static async Task<string[]> ToolsAsync(Uri endpoint)
    {
        using var raw = new RawMcp(endpoint);
        var (status, body, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
        return status == 200 ? [.. body!["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal)] : [$"HTTP {status}"];
    }

    private static async Task<JsonObject> CallAsync(Uri endpoint, string tool)
    {
        using var raw = new RawMcp(endpoint);
        var (_, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() }));
        return body!;
    }

    private static string? Text(JsonObject body) => body["result"]?["content"]?[0]?["text"]?.GetValue<string>();

    [Fact]
    public async Task AddedBackend_IsAnnouncedOnOpenStreams_AndServedOnTheSameSession()
    {
        await using var stream = await SessionStream.OpenAsync(_http, _gateway.McpEndpoint);
        using var raw = new RawMcp(_gateway.McpEndpoint);

        var before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha"), Backend("b", _b));
        Assert.Contains("added b", await ReloadedAsync(before), StringComparison.Ordinal);

        Assert.Equal("notifications/tools/list_changed", await stream.NextMethodAsync(Wait));
        var (status, list, _) = await raw.SendAsync(stream.Request(raw, "tools/list", []));
        Assert.Equal(200, status);
        var tools = list!["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("a.whoami", tools);
        Assert.Contains("b.whoami", tools);

        var (_, called, _) = await raw.SendAsync(stream.Request(raw, "tools/call", new JsonObject { ["name"] = "b.whoami", ["arguments"] = new JsonObject() }));
        Assert.Equal("recorded", Text(called!));
        Assert.Contains(_b.Requests, r => r.Body["method"]?.GetValue<string>() == "tools/call");
    }

    [Fact]
    public async Task RemovedBackend_LeavesTheCatalogue_ItsCallsGetAClearError_AndItsCallInFlightFinishes()
    {
        var before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha"), Backend("b", _b));
        await ReloadedAsync(before);
        await _gateway.WaitForToolAsync("b.wait", new CancellationTokenSource(Wait).Token);
        await using var stream = await SessionStream.OpenAsync(_http, _gateway.McpEndpoint);

        var inFlight = CallAsync(_gateway.McpEndpoint, "b.wait");
        await _b.WaitArrived.Task.WaitAsync(Wait);
        before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha"));
        Assert.Contains("removed b", await ReloadedAsync(before), StringComparison.Ordinal);

        Assert.Equal("notifications/tools/list_changed", await stream.NextMethodAsync(Wait));
        Assert.Equal(["a.progress", "a.wait", "a.whoami"], await ToolsAsync(_gateway.McpEndpoint));
        var refused = await CallAsync(_gateway.McpEndpoint, "b.whoami");
        Assert.Equal(-32602, RawMcp.ErrorCode(refused));
        Assert.Equal("Unknown tool: 'b.whoami'", refused["error"]!["message"]!.GetValue<string>());

        // The call that was already running on b's connection is answered before that connection is disposed.
        _b.Release.SetResult();
        Assert.Equal("recorded", Text(await inFlight.WaitAsync(Wait)));

        using var admin = await _http.GetAsync(new Uri(_gateway.BaseAddress, "/admin/backends"));
        var backends = JsonNode.Parse(await admin.Content.ReadAsStringAsync())!["backends"]!.AsArray();
        Assert.Equal(["a"], backends.Select(b => b!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RemovedStdioBackend_IsStoppedOnlyAfterItsCallInFlightEnded()
    {
        const string LongRunning = "everything.trigger-long-running-operation";
        var everything = GatewayHost.Everything() + "    tools:\n      trigger-long-running-operation: { max_concurrency: 5 }\n";
        var before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha"), everything);
        await ReloadedAsync(before);
        await _gateway.WaitForToolAsync(LongRunning, new CancellationTokenSource(Wait).Token);

        // The operation takes 5 s in the backend's process; were the removed backend's connection disposed under it,
        // the process would be gone and the call would fail.
        using var raw = new RawMcp(_gateway.McpEndpoint);
        var inFlight = raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = LongRunning, ["arguments"] = new JsonObject { ["duration"] = 5, ["steps"] = 5 } }));
        await Until(async () => JsonNode.Parse(await _http.GetStringAsync(new Uri(_gateway.BaseAddress, "/admin/limits")))!["tools"]!.AsArray()
            .Any(t => t!["tool"]!.GetValue<string>() == LongRunning && t["concurrency"]!["inFlight"]!.GetValue<int>() == 1), "the call to be admitted");
        before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha"));
        Assert.Contains("removed everything", await ReloadedAsync(before), StringComparison.Ordinal);
        Assert.DoesNotContain(LongRunning, await ToolsAsync(_gateway.McpEndpoint));

        var (_, ended, _) = await inFlight.WaitAsync(Wait);
        Assert.StartsWith("Long running operation completed", Text(ended!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedUrl_ReplacesTheConnection_ChangedSettingsKeepIt()
    {
        var before = ReloadLogs;
        WriteTools(Backend("a", _b, scope: "alpha"));
        Assert.Contains("replaced a", await ReloadedAsync(before), StringComparison.Ordinal);
        await Until(async () => Text(await CallAsync(_gateway.McpEndpoint, "a.whoami")) == "recorded" && _b.Requests.Any(r => r.Body["method"]?.GetValue<string>() == "tools/call"), "calls of a to reach the new url");

        before = ReloadLogs;
        WriteTools(Backend("a", _b, scope: "alpha", tools: "    timeout_seconds: 12\n"));
        var reloaded = await ReloadedAsync(before);
        Assert.Contains("updated a", reloaded, StringComparison.Ordinal);
        Assert.DoesNotContain("replaced", reloaded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaisedRisk_HoldsTheNextCallForApproval()
    {
        Assert.Equal("recorded", Text(await CallAsync(_gateway.McpEndpoint, "a.whoami")));

        var before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha", tools: "    tools:\n      whoami: { risk: high }\n"));
        Assert.Contains("updated a", await ReloadedAsync(before), StringComparison.Ordinal);

        var held = await CallAsync(_gateway.McpEndpoint, "a.whoami");
        Assert.Equal(-32032, RawMcp.ErrorCode(held));
        Assert.Equal("high", held["error"]!["data"]!["risk"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChangedLimitsAndQuotas_ApplyFromTheNextCall()
    {
        var before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha", tools: "    tools:\n      whoami: { rate_limit_per_minute: 1, burst: 1 }\n"));
        await ReloadedAsync(before);
        Assert.Equal("recorded", Text(await CallAsync(_gateway.McpEndpoint, "a.whoami")));
        var limited = await CallAsync(_gateway.McpEndpoint, "a.whoami");
        Assert.Equal(-32029, RawMcp.ErrorCode(limited));
        Assert.Contains("the tool 'a.whoami'", limited["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Raised: a bucket with the new limit serves the next call at once.
        before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha", tools: "    tools:\n      whoami: { rate_limit_per_minute: 6000, burst: 100 }\n"));
        await ReloadedAsync(before);
        Assert.Equal("recorded", Text(await CallAsync(_gateway.McpEndpoint, "a.whoami")));
        Assert.Equal("recorded", Text(await CallAsync(_gateway.McpEndpoint, "a.whoami")));

        // A user quota written into the file applies to the caller's next calls.
        before = ReloadLogs;
        _gateway.Folder.Write("config/tools.yaml", "quotas:\n  per_minute: 1\n  burst: 1\nbackends:\n" + Backend("a", _a, scope: "alpha"));
        await ReloadedAsync(before);
        Assert.Equal("recorded", Text(await CallAsync(_gateway.McpEndpoint, "a.whoami")));
        var quota = await CallAsync(_gateway.McpEndpoint, "a.whoami");
        Assert.Equal(-32029, RawMcp.ErrorCode(quota));
        Assert.Contains("the quota of user", quota["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolMarkedLongRunning_RunsAsAJobFromItsNextCall()
    {
        async Task<(int Status, JsonNode Body)> InvokeAsync()
        {
            using var content = new StringContent("""{"tool_name":"a.whoami","arguments":{}}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(new Uri(_gateway.BaseAddress, "/mcp/invoke"), content);
            return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        Assert.Equal(200, (await InvokeAsync()).Status);

        var before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha", tools: "    tools:\n      whoami: { long_running: true }\n"));
        await ReloadedAsync(before);
        var (status, body) = await InvokeAsync();
        Assert.Equal(202, status);
        Assert.Equal(32, body["job_id"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task ScopeList_FollowsTheFile_NewScopesServed_RemovedOnes404()
    {
        Assert.Equal(["HTTP 404"], await ToolsAsync(_gateway.ScopedEndpoint("beta")));

        var before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha"), Backend("b", _b, scope: "beta"));
        await ReloadedAsync(before);
        await Until(async () => (await ToolsAsync(_gateway.ScopedEndpoint("beta"))).Contains("b.whoami"), "scope beta to serve b");
        Assert.DoesNotContain("a.whoami", await ToolsAsync(_gateway.ScopedEndpoint("beta")));

        // a moves to scope gamma: alpha is gone, gamma serves it (the connection stays).
        before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "gamma"), Backend("b", _b, scope: "beta"));
        Assert.DoesNotContain("replaced", await ReloadedAsync(before), StringComparison.Ordinal);
        Assert.Equal(["HTTP 404"], await ToolsAsync(_gateway.ScopedEndpoint("alpha")));
        Assert.Equal(["a.progress", "a.wait", "a.whoami"], await ToolsAsync(_gateway.ScopedEndpoint("gamma")));
    }

    [Fact]
    public async Task InvalidFile_IsRejectedWithEveryError_AndTheLastGoodOneServes()
    {
        var invalid = "backends:\n" + Backend("a", _a, scope: "alpha") + "  - name: broken\n    transport: htp\n  - transport: stdio\n    command: [x]\n";
        var expected = ToolsConfigLoader.Parse(invalid, Path.Combine(_gateway.Folder.Path, "config", "tools.yaml"), new ConfigContext { AppDirectory = AppContext.BaseDirectory }).Errors;
        Assert.True(expected.Count >= 2);

        _gateway.Folder.Write("config/tools.yaml", invalid);
        await Until(() => Task.FromResult(_recorded.LogLines.Any(l => l.StartsWith("Configuration change rejected: tools.yaml", StringComparison.Ordinal))), "the change to be rejected");
        var rejected = _recorded.LogLines.Single(l => l.StartsWith("Configuration change rejected: tools.yaml", StringComparison.Ordinal));
        Assert.Contains($"has {expected.Count} errors", rejected, StringComparison.Ordinal);
        Assert.All(expected, error => Assert.Contains(error.ToString(), rejected, StringComparison.Ordinal));

        Assert.Equal("recorded", Text(await CallAsync(_gateway.McpEndpoint, "a.whoami")));
        using (var ready = await _http.GetAsync(new Uri(_gateway.BaseAddress, "/health/ready")))
        {
            var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Equal(200, (int)ready.StatusCode);
            Assert.Contains("config", body["degraded"]!.AsArray().Select(d => d!.GetValue<string>()));
            var file = Assert.Single(body["checks"]!["config"]!["rejected"]!.AsArray());
            Assert.Equal(("tools.yaml", expected.Count), (file!["file"]!.GetValue<string>(), file["errors"]!.GetValue<int>()));
        }

        // Fixed: in force, and readiness is clean again.
        var before = ReloadLogs;
        WriteTools(Backend("a", _a, scope: "alpha"), Backend("b", _b));
        await ReloadedAsync(before);
        await _gateway.WaitForToolAsync("b.whoami", new CancellationTokenSource(Wait).Token);
        using var fixedReady = await _http.GetAsync(new Uri(_gateway.BaseAddress, "/health/ready"));
        var fixedBody = JsonNode.Parse(await fixedReady.Content.ReadAsStringAsync())!;
        Assert.Equal("ok", fixedBody["checks"]!["config"]!["status"]!.GetValue<string>());
    }
}
