using System.Diagnostics;
using System.Net;
using static McpGateway.Edge.Tests.Cluster.ClusterMessages;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// A legacy SSE stream held by one node and posted to through the others (the session's grain passes each post to the
/// holder's observer); the holder killed with SIGKILL: posts to the other nodes get an error, never hang. Its own
/// cluster, because it breaks it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StreamHolderLossTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task LegacySse_HolderKilled_PostsToOtherNodesGetSessionNotFound_NotAHang()
    {
        var (holder, poster, other) = (_cluster.Nodes[0], _cluster.Nodes[1], _cluster.Nodes[2]);
        using var streaming = _cluster.Client(timeout: Timeout.InfiniteTimeSpan);

        // Every post must be answered well within this; a post waiting on a dead node would fail the test here.
        using var posting = _cluster.Client(timeout: TimeSpan.FromSeconds(20));
        await using var stream = await SseReader.OpenAsync(streaming, new Uri(_cluster.Node(holder), "/sse"));
        var endpoint = (await stream.NextEventAsync(TimeSpan.FromSeconds(30)))!.Data;

        // The holder registered with the session's grain before the endpoint event went out: a post to another node
        // right away is taken (a node that just joined may not be routable from the grain's silo yet: the grain retries).
        using (var initialize = await PostAsync(posting, new Uri(_cluster.Node(poster), endpoint), Initialize(1, "2024-11-05")))
        {
            await AssertAcceptedAsync(initialize, holder, poster);
        }

        Assert.Equal(1, (await stream.NextMessageAsync())["id"]!.GetValue<int>());
        for (var id = 2; id < 12; id++)
        {
            using var posted = await PostAsync(posting, new Uri(_cluster.Node(poster), endpoint), Echo(id, $"message {id}"));
            await AssertAcceptedAsync(posted, holder, poster);
        }

        // Posted on node B, every one answered on node A's stream (calls run concurrently: answers come as they finish).
        var answers = new Dictionary<int, string>();
        for (var i = 2; i < 12; i++)
        {
            var answer = await stream.NextMessageAsync();
            answers.Add(answer["id"]!.GetValue<int>(), EchoText(answer));
        }

        Assert.Equal(Enumerable.Range(2, 10).ToDictionary(id => id, id => $"message {id}"), answers);

        _cluster.Process(holder).KillHard();
        await _cluster.Process(holder).Exited.WaitAsync(TimeSpan.FromSeconds(30));
        var killedAt = Stopwatch.StartNew();

        // Until the cluster knows, a post may still be taken (202, nobody left to answer it) or refused for a retry
        // (503, the session's grain was on the dead node's silo); then it is refused for good (404).
        var status = HttpStatusCode.Accepted;
        var posts = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (status is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable && !deadline.IsCancellationRequested)
        {
            using var posted = await PostAsync(posting, new Uri(_cluster.Node(posts++ % 2 == 0 ? poster : other), endpoint), Echo(100 + posts, "after the kill"));
            status = posted.StatusCode;
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                // Retry-After 1: the forward found the session's grain out of reach; 5: so did the session's lookup (its record is in that grain).
                Assert.Contains(posted.Headers.RetryAfter?.Delta?.TotalSeconds, new double?[] { 1, 5 });
                await Task.Delay(200);
            }

            if (status == HttpStatusCode.NotFound)
            {
                var error = System.Text.Json.Nodes.JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["error"]!;
                Assert.Equal(-32001, error["code"]!.GetValue<int>());
            }
        }

        output.WriteLine($"session refused (404) {killedAt.Elapsed.TotalSeconds:F1} s after the kill, after {posts} posts");
        Assert.Equal(HttpStatusCode.NotFound, status);

        // The session is over on every node.
        using var again = await PostAsync(posting, new Uri(_cluster.Node(other), endpoint), Echo(999, "again"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    /// <summary>202, or a failure that shows the answer and what the nodes involved logged about sessions.</summary>
    private async Task AssertAcceptedAsync(HttpResponseMessage response, params string[] nodes)
    {
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var logs = nodes.Select(n => $"--- {n}:\n" + string.Join('\n', _cluster.Process(n).Lines.Where(l => l.Contains("Session", StringComparison.Ordinal)).TakeLast(20)));
            Assert.Fail($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{string.Join('\n', logs)}");
        }
    }
}
