using System.Net;
using System.Text.Json.Nodes;
using static McpGateway.Edge.Tests.Cluster.ClusterMessages;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// The cluster losing nodes: one killed with <c>kill -9</c>, another stopped with SIGTERM and started again. Its own
/// cluster, because it breaks it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeLossTests : IAsyncLifetime
{
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task KillMinus9AndRestart_StreamsCloseAndClientsReconnect_SessionsContinue_ClusterShowsTheDeadNode()
    {
        var (victim, restarted, survivor) = (_cluster.Nodes[0], _cluster.Nodes[1], _cluster.Nodes[2]);
        using var http = _cluster.Client(timeout: Timeout.InfiniteTimeSpan);

        // A stateful session (in PostgreSQL) and a legacy SSE session whose stream is on the victim.
        using var opened = await PostAsync(http, new Uri(_cluster.Ingress, "/mcp"), Initialize(1, "2025-06-18"));
        var sessionId = opened.Headers.GetValues("Mcp-Session-Id").Single();
        await using var legacy = await SseReader.OpenAsync(http, new Uri(_cluster.Node(victim), "/sse"));
        var endpoint = (await legacy.NextEventAsync(TimeSpan.FromSeconds(30)))!.Data;

        _cluster.Process(victim).KillHard();
        await _cluster.Process(victim).Exited.WaitAsync(TimeSpan.FromSeconds(30));

        // Its stream closes; the session it held is ended by the node that marks it dead.
        Assert.Null(await legacy.NextEventAsync(TimeSpan.FromSeconds(30)));
        var dead = await WaitForStatusAsync(http, victim, "dead");
        Assert.Equal("dead", dead["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, await WaitForSessionEndAsync(http, new Uri(_cluster.Node(survivor), endpoint)));

        // The legacy client reconnects through the ingress and goes on; the stateful session never noticed.
        await CallOverNewLegacySessionAsync(http, "after the kill");
        await CallOnSessionAsync(http, sessionId, 2, "still here");

        // A graceful restart of another node: it leaves, comes back, and the session still works.
        _cluster.Process(restarted).Terminate();
        await _cluster.Process(restarted).Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, _cluster.Process(restarted).ExitCode);
        Assert.Equal("left", (await WaitForStatusAsync(http, restarted, "left"))["status"]!.GetValue<string>());
        await CallOnSessionAsync(http, sessionId, 3, "during the restart");
        await _cluster.StartNodeAsync(restarted);
        await _cluster.StartNodeAsync(victim);

        var nodes = await ListAsync(http);
        Assert.All(_cluster.Nodes, id => Assert.Equal("alive", nodes.Single(n => n["id"]!.GetValue<string>() == id)["status"]!.GetValue<string>()));
        for (var i = 0; i < 6; i++)
        {
            await CallOnSessionAsync(http, sessionId, 10 + i, $"after the restarts {i}");
        }

        await CallOverNewLegacySessionAsync(http, "after the restarts");
    }

    private async Task CallOnSessionAsync(HttpClient http, string sessionId, int id, string text)
    {
        using var called = await PostAsync(http, new Uri(_cluster.Ingress, "/mcp"), Echo(id, text), sessionId, "2025-06-18");
        Assert.Equal(HttpStatusCode.OK, called.StatusCode);
        Assert.Equal(text, EchoText(JsonNode.Parse(await called.Content.ReadAsStringAsync())!.AsObject()));
    }

    /// <summary>A new legacy SSE session through the ingress; its posts go through the ingress too (any node).</summary>
    private async Task CallOverNewLegacySessionAsync(HttpClient http, string text)
    {
        await using var stream = await SseReader.OpenAsync(http, new Uri(_cluster.Ingress, "/sse"));
        var endpoint = new Uri(_cluster.Ingress, (await stream.NextEventAsync(TimeSpan.FromSeconds(30)))!.Data);
        using (await PostAsync(http, endpoint, Initialize(1, "2024-11-05")))
        {
        }

        Assert.Equal(1, (await stream.NextMessageAsync())["id"]!.GetValue<int>());
        for (var id = 2; id < 5; id++)
        {
            using var posted = await PostAsync(http, endpoint, Echo(id, text));
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            Assert.Equal(text, EchoText(await stream.NextMessageAsync()));
        }
    }

    /// <summary>Posts to a legacy session until it is gone (the node that marks its stream's node dead ends it).</summary>
    private static Task<HttpStatusCode> WaitForSessionEndAsync(HttpClient http, Uri endpoint) => Eventually.ValueAsync(
        async () =>
        {
            using var posted = await PostAsync(http, endpoint, Request(99, "ping"));
            return posted.StatusCode;
        },
        status => status != HttpStatusCode.Accepted,
        "the legacy session to end",
        TimeSpan.FromSeconds(60));

    private async Task<List<JsonObject>> ListAsync(HttpClient http)
    {
        var body = JsonNode.Parse(await http.GetStringAsync(new Uri(_cluster.Ingress, "/admin/cluster")))!;
        return [.. body["nodes"]!.AsArray().Select(n => n!.AsObject())];
    }

    /// <summary>The node's row once it has <paramref name="status"/> (the last one seen when it never does).</summary>
    private Task<JsonObject> WaitForStatusAsync(HttpClient http, string nodeId, string status) => Eventually.ValueAsync(
        async () => (await ListAsync(http)).Single(n => n["id"]!.GetValue<string>() == nodeId),
        row => row["status"]!.GetValue<string>() == status,
        $"node {nodeId} to be {status}",
        TimeSpan.FromSeconds(60));
}
