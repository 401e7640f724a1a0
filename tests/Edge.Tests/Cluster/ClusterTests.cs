using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using ModelContextProtocol.Client;
using static McpGateway.Edge.Tests.Cluster.ClusterMessages;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// Three gateway nodes on one PostgreSQL behind nginx, started from compose.yaml's settings (<see cref="LocalCluster"/>):
/// any node serves any request, and messages reach the node that holds a session's stream.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(LocalClusterFixture fixture) : IClassFixture<LocalClusterFixture>
{
    private LocalCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task AdminCluster_ThroughTheIngress_ListsEveryNodeAlive_OnOneConfigVersion()
    {
        using var http = Cluster.Client();
        var body = JsonNode.Parse(await http.GetStringAsync(new Uri(Cluster.Ingress, "/admin/cluster")))!;
        var nodes = body["nodes"]!.AsArray().Select(n => n!.AsObject()).Where(n => n["status"]!.GetValue<string>() == "alive").ToList();

        Assert.Equal(Cluster.Nodes, nodes.Select(n => n["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Single(nodes.Select(n => n["configVersion"]!.GetValue<string>()).Distinct());
        Assert.StartsWith("sha256:", nodes[0]["configVersion"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(nodes, n => Assert.Equal(Cluster.Node(n["id"]!.GetValue<string>()).ToString().TrimEnd('/'), n["address"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AdminCluster_WithoutTheAdminRole_IsForbidden()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", Cluster.Token("bob", "viewer"));
        using var response = await http.GetAsync(new Uri(Cluster.Ingress, "/admin/cluster"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Probes_WithoutAToken_GetTheStatusOnly_AdminsTheDetail_ScrapersTheMetrics()
    {
        using var http = new HttpClient();
        foreach (var node in Cluster.Nodes.Select(Cluster.Node).Append(Cluster.Ingress))
        {
            // compose.yaml's health check: no token, the status code and status alone.
            using var probe = await http.GetAsync(new Uri(node, "/health/ready"));
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            var body = JsonNode.Parse(await probe.Content.ReadAsStringAsync())!.AsObject();
            Assert.Equal("status", Assert.Single(body).Key);
            Assert.Contains(body["status"]!.GetValue<string>(), (string[])["ready", "degraded"]);
        }

        using var detail = new HttpRequestMessage(HttpMethod.Get, new Uri(Cluster.Ingress, "/health/ready")) { Headers = { Authorization = new("Bearer", Cluster.Token("root", "admin")) } };
        using var detailed = await http.SendAsync(detail);
        Assert.Contains("hello", JsonNode.Parse(await detailed.Content.ReadAsStringAsync())!["backends"]!.AsArray().Select(b => b!["name"]!.GetValue<string>()));

        foreach (var (role, status) in new[] { ("viewer", HttpStatusCode.Forbidden), ("metrics", HttpStatusCode.OK) })
        {
            using var scrape = new HttpRequestMessage(HttpMethod.Get, new Uri(Cluster.Node(Cluster.Nodes[0]), "/metrics")) { Headers = { Authorization = new("Bearer", Cluster.Token("prometheus", role)) } };
            using var scraped = await http.SendAsync(scrape);
            Assert.Equal(status, scraped.StatusCode);
        }
    }

    [Fact]
    public async Task LegacySse_StreamOnOneNode_PostedThroughTheOthers_AnswersArriveOnTheStream()
    {
        using var http = Cluster.Client(timeout: Timeout.InfiniteTimeSpan);
        var (owner, first, second) = (Cluster.Nodes[0], Cluster.Nodes[1], Cluster.Nodes[2]);
        await using var stream = await SseReader.OpenAsync(http, new Uri(Cluster.Node(owner), "/sse"));
        var endpoint = await stream.NextEventAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("endpoint", endpoint?.Event);

        using var initialize = await PostAsync(http, new Uri(Cluster.Node(first), endpoint!.Data), Initialize(1, "2024-11-05"));
        Assert.Equal(HttpStatusCode.Accepted, initialize.StatusCode);
        Assert.Equal(1, (await stream.NextMessageAsync())["id"]!.GetValue<int>());
        using var initialized = await PostAsync(http, new Uri(Cluster.Node(second), endpoint.Data), Initialized());
        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);

        foreach (var (node, id) in new[] { (first, 2), (second, 3), (owner, 4) })
        {
            using var posted = await PostAsync(http, new Uri(Cluster.Node(node), endpoint.Data), Echo(id, $"via {node}"));
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            var answer = await stream.NextMessageAsync();
            Assert.Equal(id, answer["id"]!.GetValue<int>());
            Assert.Equal($"via {node}", EchoText(answer));
        }
    }

    [Fact]
    public async Task LegacySse_PostForAnotherUsersSession_OnAnotherNode_IsNotFound()
    {
        using var alice = Cluster.Client("alice", Timeout.InfiniteTimeSpan);
        using var mallory = Cluster.Client("mallory");
        await using var stream = await SseReader.OpenAsync(alice, new Uri(Cluster.Node(Cluster.Nodes[0]), "/sse"));
        var endpoint = (await stream.NextEventAsync(TimeSpan.FromSeconds(30)))!.Data;

        using var posted = await PostAsync(mallory, new Uri(Cluster.Node(Cluster.Nodes[1]), endpoint), Echo(1, "not yours"));

        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
    }

    [Fact]
    public async Task StatefulSession_OpenedOnOneNode_StreamsFromAnother_CalledOnAThird_EndedAnywhere()
    {
        using var http = Cluster.Client(timeout: Timeout.InfiniteTimeSpan);
        var (a, b, c) = (Cluster.Nodes[0], Cluster.Nodes[1], Cluster.Nodes[2]);
        using var opened = await PostAsync(http, new Uri(Cluster.Node(a), "/mcp"), Initialize(1, "2025-11-25"));
        var sessionId = opened.Headers.GetValues("Mcp-Session-Id").Single();
        using (await PostAsync(http, new Uri(Cluster.Node(b), "/mcp"), Initialized(), sessionId, "2025-11-25"))
        {
        }

        await using var stream = await SseReader.OpenAsync(http, new Uri(Cluster.Node(b), "/mcp"), new Dictionary<string, string>
        {
            ["Mcp-Session-Id"] = sessionId,
            ["MCP-Protocol-Version"] = "2025-11-25",
        });
        using var called = await PostAsync(http, new Uri(Cluster.Node(c), "/mcp"), Echo(2, "on c"), sessionId, "2025-11-25");
        var answer = JsonNode.Parse(await called.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("on c", EchoText(answer));

        var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(Cluster.Node(c), "/mcp"));
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        delete.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using (var deleted = await http.SendAsync(delete))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        // The stream on node b ends: the session ended on node c, and b heard of it through the session grain.
        Assert.Null(await stream.NextEventAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2025-11-25")]
    [InlineData("2025-06-18")]
    [InlineData("2025-03-26")]
    [InlineData("2024-11-05")]
    public async Task SdkClient_ThroughTheIngress_CallsToolsOfBothBackends(string? revision)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Cluster.Ingress, revision == "2024-11-05" ? "/sse" : "/mcp"),
            TransportMode = revision == "2024-11-05" ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Cluster.Token() },
        });
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = revision });

        for (var i = 0; i < 6; i++)
        {
            var tool = i % 2 == 0 ? "hello.echo" : "hello-sse.echo";
            var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["message"] = $"{revision} {i}" });
            Assert.NotEqual(true, result.IsError);
            Assert.Equal($"{revision} {i}", ((ModelContextProtocol.Protocol.TextContentBlock)result.Content[0]).Text);
        }
    }

    [Fact]
    public async Task DemoTools_ThroughTheIngress_AnswerOnTheirScopes()
    {
        using var http = Cluster.Client();
        async Task<JsonNode> InvokeAsync(string json)
        {
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(Cluster.Ingress, "/mcp/invoke"), content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        var sum = await InvokeAsync("""{"tool_name":"exact_calculate","arguments":{"operator":"add","operands":["1.2","2.3"],"precision":28}}""");
        Assert.Equal("3.5", sum["content"]![0]!["text"]!.GetValue<string>());
        var log = await InvokeAsync("""{"tool_name":"git_log","arguments":{"repo":"self","max_count":1}}""");
        Assert.Single(log["structuredContent"]!["commits"]!.AsArray());
        var page = await InvokeAsync("""{"tool_name":"generate_document","arguments":{"format":"html","title":"T","markdown":"# Hi"}}""");
        Assert.Equal("text/html", page["structuredContent"]!["mimeType"]!.GetValue<string>());

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Cluster.Ingress, "/calculator/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Cluster.Token() },
        });
        await using var client = await McpClient.CreateAsync(transport);
        // The scope's own tools, and the gateway's job tools (GATEWAY_JOB_TOOLS, on in this deployment), which every endpoint lists.
        string[] jobTools = ["cancel_job", "get_job_result", "get_job_status", "list_jobs"];
        var tools = await client.ListToolsAsync();
        Assert.Equal(["calculate_statistics", "convert_units", "exact_calculate"], tools.Select(t => t.Name).Except(jobTools).Order(StringComparer.Ordinal));
    }
}
