using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

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
    private GatewayCluster? _cluster;
    private RecordingBackend _a = null!;
    private RecordingBackend _b = null!;

    public async Task InitializeAsync()
    {
        _a = await RecordingBackend.StartAsync();
        _b = await RecordingBackend.StartAsync();
        WriteTools(("a", _a));
        _folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        _cluster = await GatewayCluster.StartAsync(
            2,
            _folder,
            new Dictionary<string, string?>
            {
                ["GATEWAY_CONFIG_RELOAD_SECONDS"] = "1",
            },
            perNode: i => new Dictionary<string, string?> { ["GATEWAY_NODE_ID"] = $"reload-{i}" },
            databasePrefix: "reload");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _http.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _folder.Dispose();
    }

    private GatewayCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started yet.");

    private IReadOnlyList<Uri> Nodes => [.. Cluster.Nodes.Select(n => n.BaseAddress)];

    private void WriteTools(params (string Name, RecordingBackend Backend)[] backends) =>
        _folder.Write("config/tools.yaml", "backends:\n" + string.Concat(backends.Select(b => $"  - name: {b.Name}\n    transport: streamable-http\n    url: {b.Backend.Endpoint}\n")));

    private async Task<JsonNode> GetAsync(Uri node, string path) => JsonNode.Parse(await _http.GetStringAsync(new Uri(node, path)))!;

    /// <summary>Each node's config version as <c>/admin/cluster</c> (asked on the first node) lists it.</summary>
    private async Task<Dictionary<string, string>> ClusterVersionsAsync() =>
        (await GetAsync(Nodes[0], "/admin/cluster"))["nodes"]!.AsArray()
            .Where(n => n!["status"]!.GetValue<string>() == "alive")
            .ToDictionary(n => n!["id"]!.GetValue<string>(), n => n!["configVersion"]!.GetValue<string>());

    private async Task<string> ReadyVersionAsync(Uri node) => (await GetAsync(node, "/health/ready"))["checks"]!["config"]!["version"]!.GetValue<string>();

    private static Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what) => Eventually.ValueAsync(probe, done, what, Wait);

    [Fact]
    public async Task ChangedToolsFile_ReachesBothNodes_AndBothReportTheSameNewVersion()
    {
        var before = await UntilAsync(ClusterVersionsAsync, v => v.Count == 2, "both nodes to be listed");
        var first = Assert.Single(before.Values.Distinct());
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.Equal([first, first], await Task.WhenAll(Nodes.Select(ReadyVersionAsync)));
        Assert.Contains($"mcpgw_config_info{{version=\"{first}\"}} 1", await _http.GetStringAsync(new Uri(Nodes[1], "/metrics")), StringComparison.Ordinal);

        WriteTools(("a", _a), ("b", _b));
        var after = await UntilAsync(ClusterVersionsAsync, v => v.Count == 2 && v.Values.All(version => version != first) && v.Values.Distinct().Count() == 1, "both nodes to run the new file");
        var second = after.Values.First();
        Assert.Equal([second, second], await Task.WhenAll(Nodes.Select(ReadyVersionAsync)));
        foreach (var node in Nodes)
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
        Cluster.Nodes[1].Process.Hangup();
        await UntilAsync(() => Task.FromResult(Cluster.Nodes[1].Process.Output), output => output.Contains("SIGHUP: checking the configuration files now", StringComparison.Ordinal), "the SIGHUP log line");

        Assert.False(Cluster.Nodes[1].Process.HasExited);
        using var ready = await _http.GetAsync(new Uri(Nodes[1], "/health/ready"));
        Assert.Equal(200, (int)ready.StatusCode);
    }
}
