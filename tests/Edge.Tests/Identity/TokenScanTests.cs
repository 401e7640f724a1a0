using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>
/// Issued tokens go everywhere a caller can send them (MCP stateless and session requests, REST, the admin API, held
/// and refused calls, tampered copies, query strings) on a node with every log level on, an HTTP backend, a stdio
/// backend and an approval webhook. Then everything that left the gateway is scanned: no token, and no token's
/// signature, appears in any backend request (headers, body, arguments), in the stdio backend's environment or
/// command line, in a webhook body, or in any log line.
/// </summary>
public sealed class TokenScanTests : IAsyncLifetime
{
    private const string IssuerAdminToken = "issuer-admin-token-for-the-scan-0123456789";

    private readonly RecordingServices _recorded = new();
    private readonly HttpClient _http = new();
    private readonly List<string> _tokens = [];
    private RecordingBackend _backend = null!;
    private WebhookReceiver _webhook = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _webhook = await WebhookReceiver.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            $"  - name: rec\n    transport: streamable-http\n    url: {_backend.Endpoint}\n    tools:\n      progress: {{ risk: high }}\n" + GatewayHost.HelloStdio(),
            new Dictionary<string, string>
            {
                ["GATEWAY_AUTH_MODE"] = "jwt",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["JWT_ISSUER_ADMIN_TOKEN"] = IssuerAdminToken,
                ["TOOL_GATEWAY_SHARED_SECRET"] = "backend-shared-secret",
                ["LOG_LEVEL"] = "Trace",
            },
            services: _recorded.Register,
            policyYaml: $$"""
                roles:
                  admin: { tools: ["*"], prompts: ["*"], resources: ["*"] }
                  developer: { tools: ["rec.*", "hello.echo"], prompts: ["hello.*"] }
                approvals: { webhook: "{{_webhook.Url}}" }

                """);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _webhook.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<string> IssueAsync(string user, params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateway.BaseAddress, "/token"))
        {
            Content = JsonContent.Create(new { user_id = user, roles, workspace = "acme", expires_in_seconds = 600 }),
        };
        request.Headers.Add("X-Issuer-Token", IssuerAdminToken);
        using var response = await _http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        _tokens.Add(token);
        return token;
    }

    private async Task<JsonObject?> McpAsync(string token, string method, JsonObject parameters, Uri? endpoint = null)
    {
        using var raw = new RawMcp(endpoint ?? _gateway.McpEndpoint);
        var request = raw.Stateless2026(method, parameters);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await raw.SendAsync(request)).Body;
    }

    [Fact]
    public async Task IssuedTokens_NeverLeaveTheGateway_NorAppearInAnyLogLine()
    {
        var alice = await IssueAsync("alice", "developer");
        var root = await IssueAsync("root", "admin");
        var bob = await IssueAsync("bob", "viewer");

        // Calls that reach both backends, with the caller's token everywhere a careless client might put it.
        Assert.NotNull((await McpAsync(alice, "tools/call", new JsonObject
        {
            ["name"] = "rec.whoami",
            ["arguments"] = new JsonObject { ["note"] = "hi" },
            ["_meta"] = new JsonObject { ["progressToken"] = "p1" },
        }))?["result"]);
        Assert.NotNull((await McpAsync(root, "tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "echo" } }))?["result"]);
        Assert.NotNull((await McpAsync(alice, "prompts/get", new JsonObject { ["name"] = "hello.hello-plan", ["arguments"] = new JsonObject { ["name"] = "x" } }))?["result"]);
        Assert.NotNull((await McpAsync(root, "tools/list", new JsonObject(), _gateway.ScopedEndpoint("rec")))?["result"]);

        // A session revision, REST, the admin API and an approval flow with its webhook.
        using (var raw = new RawMcp(_gateway.McpEndpoint))
        {
            var init = raw.Post("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"scan","version":"1"}}}""");
            init.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice);
            var (_, _, response) = await raw.SendAsync(init);
            var session = response.Headers.GetValues("Mcp-Session-Id").Single();
            var call = raw.Post("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"rec.whoami","arguments":{}}}""");
            call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice);
            call.Headers.Add("Mcp-Session-Id", session);
            call.Headers.Add("MCP-Protocol-Version", "2025-11-25");
            Assert.NotNull((await raw.SendAsync(call)).Body?["result"]);
        }

        using (var invoke = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateway.BaseAddress, "/mcp/invoke")) { Content = new StringContent("""{"tool_name":"rec.whoami","arguments":{"n":1}}""", Encoding.UTF8, "application/json") })
        {
            invoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", root);
            Assert.Equal(200, (int)(await _http.SendAsync(invoke)).StatusCode);
        }

        var held = await McpAsync(alice, "tools/call", new JsonObject { ["name"] = "rec.progress", ["arguments"] = new JsonObject() });
        var approval = held!["error"]!["data"]!["approvalId"]!.GetValue<string>();
        await _webhook.NextAsync(0);
        using (var approve = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateway.BaseAddress, $"/admin/approvals/{approval}/approve")))
        {
            approve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", root);
            Assert.Equal(200, (int)(await _http.SendAsync(approve)).StatusCode);
        }

        await _webhook.NextAsync(1);
        Assert.NotNull((await McpAsync(alice, "tools/call", new JsonObject { ["name"] = "rec.progress", ["arguments"] = new JsonObject(), ["_meta"] = new JsonObject { ["mcpgw/approval"] = approval } }))?["result"]);

        // Refusals: by the policy, by the admin API, with tampered or misplaced tokens.
        Assert.Equal(-32031, RawMcp.ErrorCode(await McpAsync(bob, "tools/call", new JsonObject { ["name"] = "rec.whoami", ["arguments"] = new JsonObject() })));
        using (var list = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway.BaseAddress, "/admin/approvals")))
        {
            list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice);
            Assert.Equal(403, (int)(await _http.SendAsync(list)).StatusCode);
        }

        var tampered = alice[..^4] + (alice[^4] == 'A' ? "BBBB" : "AAAA");
        Assert.Null((await McpAsync(tampered, "tools/call", new JsonObject { ["name"] = "rec.whoami", ["arguments"] = new JsonObject() }))?["result"]);
        using (var query = new RawMcp(new Uri(_gateway.McpEndpoint + "?access_token=" + root)))
        {
            Assert.Equal(401, (await query.SendAsync(query.Stateless2026("tools/list"))).Status);
        }

        _tokens.Add(tampered);

        // What left the gateway, and what it logged.
        var backendText = string.Join("\n", _backend.Requests.Select(r =>
            string.Join("\n", r.Headers.Select(h => $"{h.Key}: {h.Value}")) + "\n" + r.Body.ToJsonString()));
        var stdio = StdioChildren();
        var webhookText = string.Join("\n", _webhook.Received.Select(w => string.Join("\n", w.Headers.Select(h => $"{h.Key}: {h.Value}")) + w.Body.ToJsonString()));
        var logs = _recorded.LogLines.ToArray();

        Assert.Contains(_backend.Requests, r => r.Body["method"]?.GetValue<string>() == "tools/call");
        Assert.Contains("X-User-ID: alice", backendText, StringComparison.Ordinal);
        Assert.NotEmpty(stdio);
        Assert.Contains(logs, line => line.StartsWith("audit tools/call rec.progress", StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Contains("Bearer token rejected", StringComparison.Ordinal));
        foreach (var token in _tokens)
        {
            var signature = token.Split('.')[2];
            foreach (var (what, text) in new[] { ("a backend request", backendText), ("a stdio backend", string.Join("\n", stdio)), ("a webhook", webhookText) }
                .Concat(logs.Select(line => ("a log line", line))))
            {
                Assert.False(text.Contains(token, StringComparison.Ordinal) || text.Contains(signature, StringComparison.Ordinal), $"a token was found in {what}");
            }
        }
    }

    /// <summary>Environment and command line of every child process of this test process that runs a stdio backend.</summary>
    private static List<string> StdioChildren()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (parent == self && commandLine.Contains("Hello.dll", StringComparison.Ordinal))
                {
                    found.Add(commandLine + "\n" + File.ReadAllText(Path.Combine(dir, "environ")).Replace('\0', '\n'));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
