using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LibGit2Sharp;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Edge.Tests.DemoTools;

/// <summary>
/// The development run's demo tools through a gateway node started with the repository's own <c>config/tools.yaml</c> and
/// <c>config/policy.yaml</c> (the only change: <c>${CONFIG_DIR}/..</c>, the checkout, is spelled out because the node's
/// config folder is a temporary copy): each scoped endpoint lists only its own tools, and the calls work over MCP and REST.
/// </summary>
public sealed class DemoToolsThroughGatewayTests(DemoToolsThroughGatewayTests.Fixture fixture) : IClassFixture<DemoToolsThroughGatewayTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHost Gateway { get; private set; } = null!;

        public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

        public async Task InitializeAsync()
        {
            var tools = File.ReadAllText(Path.Combine(RepoPaths.Root, "config", "tools.yaml"))
                .Replace("${CONFIG_DIR}/..", RepoPaths.Root, StringComparison.Ordinal);
            var backends = tools[(tools.IndexOf("backends:\n", StringComparison.Ordinal) + "backends:\n".Length)..];
            var policy = File.ReadAllText(Path.Combine(RepoPaths.Root, "config", "policy.yaml"));
            Gateway = await GatewayHost.StartAsync(backends, policyYaml: policy);
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            foreach (var tool in new[] { "hello.echo", "exact_calculate", "git_log", "generate_document" })
            {
                await Gateway.WaitForToolAsync(tool, cts.Token);
            }
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await Gateway.DisposeAsync();
        }
    }

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(result.Content[0]).Text;

    private async Task<McpClient> ConnectAsync(string scope, CancellationToken ct) =>
        await Clients.ConnectAsync(fixture.Gateway.ScopedEndpoint(scope), protocolVersion: null, ct);

    private async Task<(int Status, JsonObject Body)> InvokeAsync(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await fixture.Http.PostAsync(new Uri(fixture.Gateway.BaseAddress, "/mcp/invoke"), content);
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Theory]
    [InlineData("calculator", new[] { "calculate_statistics", "convert_units", "exact_calculate" })]
    [InlineData("git", new[] { "git_diff", "git_list_refs", "git_log", "git_search", "git_show" })]
    [InlineData("docs", new[] { "generate_document" })]
    [InlineData("hello", new[] { "hello.echo", "hello.sum" })]
    public async Task Each_scope_lists_only_its_own_tools(string scope, string[] expected)
    {
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await using var client = await ConnectAsync(scope, cts.Token);
        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        Assert.Equal(expected, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.NotNull(t.ProtocolTool.OutputSchema));
    }

    [Fact]
    public async Task The_seed_request_answers_3_5_over_rest_and_mcp()
    {
        var (status, body) = await InvokeAsync("""{"tool_name":"exact_calculate","arguments":{"operator":"add","operands":["1.2","2.3"],"precision":28}}""");
        Assert.Equal(200, status);
        Assert.Equal("3.5", body["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("3.5", body["structuredContent"]!["result"]!.GetValue<string>());

        using var cts = new CancellationTokenSource(Clients.Timeout);
        await using var client = await ConnectAsync("calculator", cts.Token);
        var third = await client.CallToolAsync("exact_calculate",
            new Dictionary<string, object?> { ["operator"] = "divide", ["operands"] = new[] { "1", "3" } }, cancellationToken: cts.Token);
        Assert.Equal("0.3333333333333333333333333333", Text(third));
        var stats = await client.CallToolAsync("calculate_statistics",
            new Dictionary<string, object?> { ["values"] = new[] { "0.1", "0.2", "0.3" } }, cancellationToken: cts.Token);
        Assert.Equal("0.6", stats.StructuredContent?.GetProperty("sum").GetString());
        var miles = await client.CallToolAsync("convert_units",
            new Dictionary<string, object?> { ["value"] = "26.2", ["from"] = "mi", ["to"] = "km" }, cancellationToken: cts.Token);
        Assert.Equal("42.1648128 km", Text(miles));
    }

    [Fact]
    public async Task The_gateway_checks_the_calculators_schemas()
    {
        var (status, body) = await InvokeAsync("""{"tool_name":"exact_calculate","arguments":{"operator":"root","operands":["4"]}}""");
        Assert.Equal(400, status);
        Assert.Equal(-32602, body["error"]!["code"]!.GetValue<int>());

        var (unitStatus, _) = await InvokeAsync("""{"tool_name":"convert_units","arguments":{"value":"1","from":"parsec","to":"m"}}""");
        Assert.Equal(400, unitStatus);

        var (zeroStatus, zero) = await InvokeAsync("""{"tool_name":"exact_calculate","arguments":{"operator":"divide","operands":["1","0"]}}""");
        Assert.Equal(200, zeroStatus);
        Assert.True(zero["isError"]!.GetValue<bool>());
        Assert.Contains("Division by zero", zero["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Git_log_on_self_shows_the_checkouts_history()
    {
        string head;
        using (var repository = new Repository(RepoPaths.Root))
        {
            head = repository.Head.Tip.Sha;
        }

        using var cts = new CancellationTokenSource(Clients.Timeout);
        await using var client = await ConnectAsync("git", cts.Token);
        var log = await client.CallToolAsync("git_log", new Dictionary<string, object?> { ["repo"] = "self", ["max_count"] = 5 }, cancellationToken: cts.Token);
        Assert.NotEqual(true, log.IsError);
        var commits = log.StructuredContent!.Value.GetProperty("commits");
        Assert.Equal(head, commits[0].GetProperty("sha").GetString());
        Assert.True(commits.GetArrayLength() > 1);

        var show = await client.CallToolAsync("git_show", new Dictionary<string, object?> { ["repo"] = "self", ["ref"] = head }, cancellationToken: cts.Token);
        Assert.Equal(head, show.StructuredContent?.GetProperty("sha").GetString());

        var escape = await client.CallToolAsync("git_log", new Dictionary<string, object?> { ["repo"] = "self", ["ref"] = "--output=/tmp/mcpgw-escape" }, cancellationToken: cts.Token);
        Assert.True(escape.IsError);
        var outside = await client.CallToolAsync("git_log", new Dictionary<string, object?> { ["repo"] = "self", ["path"] = "../etc/passwd" }, cancellationToken: cts.Token);
        Assert.True(outside.IsError);
        Assert.False(File.Exists("/tmp/mcpgw-escape"));

        var (status, body) = await InvokeAsync("""{"tool_name":"git_search","arguments":{"repo":"self","query":"Hello.dll","scope":"content","path":"config","max_results":5}}""");
        Assert.Equal(200, status);
        Assert.Contains(body["structuredContent"]!["contentMatches"]!.AsArray(), m => m!["path"]!.GetValue<string>() == "config/tools.yaml");
    }

    [Theory]
    [InlineData("pdf", "application/pdf")]
    [InlineData("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("html", "text/html")]
    public async Task Documents_come_back_deterministic_over_mcp_and_rest(string format, string mimeType)
    {
        var arguments = new Dictionary<string, object?>
        {
            ["format"] = format,
            ["title"] = "Gateway demo",
            ["markdown"] = "# Results\n\nThe answer is **3.5**.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        };
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await using var client = await ConnectAsync("docs", cts.Token);
        var first = await client.CallToolAsync("generate_document", arguments, cancellationToken: cts.Token);
        var second = await client.CallToolAsync("generate_document", arguments, cancellationToken: cts.Token);
        Assert.NotEqual(true, first.IsError);
        var blob = Assert.IsType<BlobResourceContents>(Assert.IsType<EmbeddedResourceBlock>(first.Content[1]).Resource);
        Assert.Equal(mimeType, blob.MimeType);
        var bytes = blob.DecodedData.ToArray();
        Assert.Equal(bytes, Assert.IsType<BlobResourceContents>(Assert.IsType<EmbeddedResourceBlock>(second.Content[1]).Resource).DecodedData.ToArray());
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(sha, first.StructuredContent?.GetProperty("sha256").GetString());

        var (status, body) = await InvokeAsync(JsonSerializer.Serialize(new { tool_name = "generate_document", arguments }));
        Assert.Equal(200, status);
        Assert.Equal(sha, body["structuredContent"]!["sha256"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(bytes), body["content"]![1]!["resource"]!["blob"]!.GetValue<string>());
    }
}
