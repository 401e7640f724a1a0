using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Policy;

/// <summary>
/// Argument constraints on a real node in front of a recording HTTP backend: refused calls never reach it and name
/// their rule over MCP and REST; policy refusals of the caller's roles are 403 insufficient_scope at the HTTP level.
/// </summary>
public sealed class ConstraintsThroughGatewayTests : IAsyncLifetime
{
    private readonly TempFolder _files = new("mcpgw-constraint-files");
    private RecordingBackend _backend = null!;
    private GatewayHost _gateway = null!;

    public RecordingServices Recorded { get; } = new();

    public async Task InitializeAsync()
    {
        _files.Write("data/report.txt", "r");
        File.CreateSymbolicLink(Path.Combine(_files.Path, "data", "etc"), "/etc");
        _backend = await RecordingBackend.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            $"  - name: rec\n    transport: streamable-http\n    url: {_backend.Endpoint}\n",
            new Dictionary<string, string> { ["GATEWAY_ANONYMOUS_ROLES"] = "analyst" },
            services: Recorded.Register,
            policyYaml: $$"""
                roles:
                  analyst: { tools: ["rec.whoami"] }
                constraints:
                  rec.whoami:
                    path: { type: path, roots: ["{{_files.Path}}/data"] }
                    query: { type: sql }
                    url: { type: url, schemes: [https], hosts: ["*.example.com"] }
                    count: { type: number, max: 10, integer: true }

                """);

        // On a loaded machine the backend's first listing may come after the start (it is retried): calls before it
        // would find no tool.
        using var listed = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _gateway.WaitForToolAsync("rec.whoami", listed.Token);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        _files.Dispose();
    }

    private int BackendCalls => _backend.Requests.Count(r => r.Body["method"]?.GetValue<string>() == "tools/call");

    private async Task<JsonObject> CallAsync(string tool, JsonObject arguments)
    {
        using var raw = new RawMcp(_gateway.McpEndpoint);
        var (status, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments }));
        Assert.Equal(200, status);
        return body!;
    }

    [Fact]
    public async Task ArgumentsWithinTheConstraints_ReachTheBackend()
    {
        var ok = await CallAsync("rec.whoami", new JsonObject
        {
            ["path"] = _files.Path + "/data/report.txt",
            ["query"] = "SELECT name FROM users WHERE note = 'a;b'",
            ["url"] = "https://api.example.com/v1",
            ["count"] = 10,
        });
        Assert.Equal("recorded", ok["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(1, BackendCalls);
        Assert.Equal("allow", Recorded.Records.Last().Decision);
    }

    [Theory]
    [InlineData("path", "{files}/data/../../../etc/passwd", "constraints[rec.whoami].path:traversal")]
    [InlineData("path", "{files}/data/etc/passwd", "constraints[rec.whoami].path:outside-roots")]
    [InlineData("path", "{files}/data%2f..%2f..%2fetc", "constraints[rec.whoami].path:encoded-characters")]
    [InlineData("query", "SELECT 1; DROP TABLE users", "constraints[rec.whoami].query:multiple-statements")]
    [InlineData("query", "SELECT 1 /*;*/; DELETE FROM users", "constraints[rec.whoami].query:multiple-statements")]
    [InlineData("query", "WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d", "constraints[rec.whoami].query:write-keyword")]
    [InlineData("url", "https://[::ffff:169.254.169.254]/latest", "constraints[rec.whoami].url:private-address")]
    [InlineData("url", "https://0x7f.1/", "constraints[rec.whoami].url:private-address")]
    [InlineData("url", "https://api.example.com@127.0.0.1/", "constraints[rec.whoami].url:userinfo")]
    [InlineData("url", "https://evil.test/", "constraints[rec.whoami].url:host-not-allowed")]
    [InlineData("count", "11", "constraints[rec.whoami].count:above-max")]
    public async Task HostileArgument_IsRefusedBeforeTheBackend_NamingTheRule(string argument, string value, string rule)
    {
        JsonNode json = argument == "count" ? JsonValue.Create(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(value.Replace("{files}", _files.Path, StringComparison.Ordinal));
        var refused = await CallAsync("rec.whoami", new JsonObject { [argument] = json });

        Assert.Equal(-32031, RawMcp.ErrorCode(refused));
        Assert.Contains($"rule {rule}", refused["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, BackendCalls);
        var record = Recorded.Records.Last();
        Assert.Equal(("deny", rule), (record.Decision, record.RuleId));
    }

    [Fact]
    public async Task Rest_ConstraintRefusalIs403_AndARoleRefusalAlsoChallengesWithInsufficientScope()
    {
        using var http = new HttpClient();
        async Task<(int Status, JsonObject Body, string Challenge)> InvokeAsync(string body)
        {
            using var response = await http.PostAsync(new Uri(_gateway.BaseAddress, "/mcp/invoke"), new StringContent(body, Encoding.UTF8, "application/json"));
            return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response.Headers.WwwAuthenticate.ToString());
        }

        var (status, body, challenge) = await InvokeAsync("""{"tool_name":"rec.whoami","arguments":{"query":"DROP TABLE t"}}""");
        Assert.Equal(403, status);
        Assert.Equal("forbidden", body["error"]!["kind"]!.GetValue<string>());
        Assert.Contains("constraints[rec.whoami].query:not-read-only", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(challenge);

        (status, body, challenge) = await InvokeAsync("""{"tool_name":"rec.progress","arguments":{}}""");
        Assert.Equal(403, status);
        Assert.Contains("default-deny", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Equal(0, BackendCalls);
    }
}
