using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Reload;

/// <summary>
/// Two real <c>mcpgw</c> processes on one PostgreSQL database sharing one configuration folder: a change of
/// <c>tools.yaml</c> reaches both, and both report the same new config version (<c>/admin/cluster</c>,
/// <c>/health/ready</c>, <c>/metrics</c>). SIGHUP makes a node check its files and does not stop it.
/// </summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class ConfigAcrossNodesTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private readonly TempFolder _folder = new("mcpgw-reload");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<ChildProcess> _processes = [];
    private readonly List<Uri> _nodes = [];
    private RecordingBackend _a = null!;
    private RecordingBackend _b = null!;

    public async Task InitializeAsync()
    {
        _a = await RecordingBackend.StartAsync();
        _b = await RecordingBackend.StartAsync();
        WriteTools(("a", _a));
        _folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var database = await SharedPostgres.CreateDatabaseAsync("reload");
        var environment = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = database.Url,
            ["GATEWAY_AUTH_MODE"] = "none",
            ["GATEWAY_CONFIG_RELOAD_SECONDS"] = "1",
            ["RATE_LIMIT_USER_PER_MINUTE"] = TestLimits.Unlimited,
            ["RATE_LIMIT_TOOL_PER_MINUTE"] = TestLimits.Unlimited,
        };
        for (var i = 0; i < 2; i++)
        {
            var port = FreePort.Next();
            environment["GATEWAY_NODE_ID"] = $"reload-{i}";
            _processes.Add(ChildProcess.StartDotnet(
                "mcpgw.dll",
                ["--urls", $"http://127.0.0.1:{port}", "--config-dir", Path.Combine(_folder.Path, "config"), "--data-dir", Path.Combine(_folder.Path, $"data{i}")],
                environment: new Dictionary<string, string?>(environment)));
            _nodes.Add(new Uri($"http://127.0.0.1:{port}"));
        }

        for (var i = 0; i < _nodes.Count; i++)
        {
            await _processes[i].WaitForHttpAsync(new Uri(_nodes[i], "/health/ready"), Wait);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _http.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _folder.Dispose();
    }

    private void WriteTools(params (string Name, RecordingBackend Backend)[] backends) =>
        _folder.Write("config/tools.yaml", "backends:\n" + string.Concat(backends.Select(b => $"  - name: {b.Name}\n    transport: streamable-http\n    url: {b.Backend.Endpoint}\n")));

    private async Task<JsonNode> GetAsync(Uri node, string path) => JsonNode.Parse(await _http.GetStringAsync(new Uri(node, path)))!;

    /// <summary>Each node's config version as <c>/admin/cluster</c> (asked on the first node) lists it.</summary>
    private async Task<Dictionary<string, string>> ClusterVersionsAsync() =>
        (await GetAsync(_nodes[0], "/admin/cluster"))["nodes"]!.AsArray()
            .Where(n => n!["status"]!.GetValue<string>() == "alive")
            .ToDictionary(n => n!["id"]!.GetValue<string>(), n => n!["configVersion"]!.GetValue<string>());

    private async Task<string> ReadyVersionAsync(Uri node) => (await GetAsync(node, "/health/ready"))["checks"]!["config"]!["version"]!.GetValue<string>();

    private static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        var value = await probe();
        while (!done(value))
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Wait} for {what}; last: {value}");
            await Task.Delay(200);
            value = await probe();
        }

        return value;
    }

    [Fact]
    public async Task ChangedToolsFile_ReachesBothNodes_AndBothReportTheSameNewVersion()
    {
        var before = await UntilAsync(ClusterVersionsAsync, v => v.Count == 2, "both nodes to be listed");
        var first = Assert.Single(before.Values.Distinct());
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal([first, first], await Task.WhenAll(_nodes.Select(ReadyVersionAsync)));
        Assert.Contains($"mcpgw_config_info{{version=\"{first}\"}} 1", await _http.GetStringAsync(new Uri(_nodes[1], "/metrics")), StringComparison.Ordinal);

        WriteTools(("a", _a), ("b", _b));
        var after = await UntilAsync(ClusterVersionsAsync, v => v.Count == 2 && v.Values.All(version => version != first) && v.Values.Distinct().Count() == 1, "both nodes to run the new file");
        var second = after.Values.First();
        Assert.Equal([second, second], await Task.WhenAll(_nodes.Select(ReadyVersionAsync)));
        foreach (var node in _nodes)
        {
            using var raw = new RawMcp(new Uri(node, "/mcp"));
            var called = await UntilAsync(
                async () => (await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "b.whoami", ["arguments"] = new JsonObject() }))).Body!,
                body => body["result"] is not null,
                $"{node} to serve b.whoami");
            Assert.Equal("recorded", called["result"]!["content"]![0]!["text"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Sighup_ChecksTheFilesNow_AndTheNodeKeepsServing()
    {
        _processes[1].Hangup();
        await UntilAsync(() => Task.FromResult(_processes[1].Output), output => output.Contains("SIGHUP: checking the configuration files now", StringComparison.Ordinal), "the SIGHUP log line");

        Assert.False(_processes[1].HasExited);
        using var ready = await _http.GetAsync(new Uri(_nodes[1], "/health/ready"));
        Assert.Equal(200, (int)ready.StatusCode);
    }
}
