using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// The nodes' co-hosted silos form one Orleans cluster on the shared PostgreSQL (ADO.NET clustering): Orleans'
/// membership table lists every node as an active silo named by its node id, a node killed with SIGKILL is declared
/// dead by the others' probes (the time it took is printed; docs/cluster.md records it), and the node started again
/// rejoins as a new generation. Its own cluster, because it breaks it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloMembershipTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Active = 3;
    private const int Dead = 6;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ThreeNodes_FormOneCluster_AKilledNodeIsDeclaredDead_AndRejoinsWhenStartedAgain()
    {
        using var http = _cluster.Client();
        var victim = _cluster.Nodes[^1];

        // One cluster: three active silos, named by the node ids, and /admin/cluster (any node) lists the three alive.
        var silos = await UntilAsync(SilosAsync, rows => rows.Count(r => r.Status == Active) == _cluster.Nodes.Count, "three active silos");
        Assert.Equal(_cluster.Nodes, silos.Where(r => r.Status == Active).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Single(silos.Select(r => r.Cluster).Distinct());
        var listed = await UntilAsync(() => NodesAsync(http, _cluster.Nodes[0]), nodes => nodes.Count(n => Status(n) == "alive") == 3, "/admin/cluster listing three alive nodes");
        Assert.All(listed, n => Assert.Equal(_cluster.Node(Id(n)).ToString().TrimEnd('/'), n["address"]!.GetValue<string>()));

        // SIGKILL: nothing tells the others; their probes declare it dead.
        var generation = silos.Single(r => r.Name == victim && r.Status == Active).Generation;
        var clock = Stopwatch.StartNew();
        _cluster.Process(victim).KillHard();
        await UntilAsync(SilosAsync, rows => rows.Any(r => r.Name == victim && r.Generation == generation && r.Status == Dead), $"{victim} declared dead");
        var declared = clock.Elapsed;
        output.WriteLine($"A node killed with SIGKILL was declared dead after {declared.TotalSeconds:0.0} s (membership table, probe settings of compose.yaml).");
        var survivorView = await UntilAsync(() => NodesAsync(http, _cluster.Nodes[0]), nodes => nodes.Any(n => Id(n) == victim && Status(n) == "dead"), $"/admin/cluster showing {victim} dead");
        Assert.Equal(2, survivorView.Count(n => Status(n) == "alive"));

        // Started again under the same id: a new generation joins, the cluster is three again.
        await _cluster.StartNodeAsync(victim);
        silos = await UntilAsync(SilosAsync, rows => rows.Count(r => r.Status == Active) == 3, "three active silos after the restart");
        Assert.True(silos.Single(r => r.Name == victim && r.Status == Active).Generation > generation);
        var rejoined = await UntilAsync(() => NodesAsync(http, victim), nodes => nodes.Count(n => Status(n) == "alive") == 3, "/admin/cluster on the restarted node listing three alive nodes");
        Assert.True(rejoined.Single(n => Id(n) == victim)["self"]!.GetValue<bool>());
    }

    private async Task<List<(string Cluster, string Name, int Generation, int Status)>> SilosAsync() =>
        await _cluster.Database.QueryAsync(
            "SELECT deploymentid, siloname, generation, status FROM orleansmembershiptable",
            r => (r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)));

    private async Task<List<JsonObject>> NodesAsync(HttpClient http, string node)
    {
        var body = JsonNode.Parse(await http.GetStringAsync(new Uri(_cluster.Node(node), "/admin/cluster")))!;
        return [.. body["nodes"]!.AsArray().Select(n => n!.AsObject())];
    }

    private static string Id(JsonObject node) => node["id"]!.GetValue<string>();

    private static string Status(JsonObject node) => node["status"]!.GetValue<string>();

    private static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        var value = await probe();
        while (!done(value))
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Wait} for {what}");
            await Task.Delay(100);
            value = await probe();
        }

        return value;
    }
}
