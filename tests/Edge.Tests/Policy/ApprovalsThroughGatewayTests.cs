using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Policy;

/// <summary>
/// The approval flow on a real node in auth mode jwt in front of a recording HTTP backend whose <c>whoami</c> is high
/// risk: held call, webhook, admin API, the approved call running once, replays and foreign arguments refused.
/// </summary>
public sealed class ApprovalsThroughGatewayTests : IAsyncLifetime
{
    private RecordingBackend _backend = null!;
    private WebhookReceiver _webhook = null!;
    private GatewayHost _gateway = null!;
    private readonly HttpClient _http = new();

    private static readonly string Alice = TestTokens.Hs(TestTokens.Claims(c => c["roles"] = new JsonArray("developer")));
    private static readonly string Root = TestTokens.Hs(TestTokens.Claims(c => { c["sub"] = "root"; c["roles"] = new JsonArray("admin"); }));

    public RecordingServices Recorded { get; } = new();

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _webhook = await WebhookReceiver.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            $"""
              - name: rec
                transport: streamable-http
                url: {_backend.Endpoint}
                tools:
                  whoami: {"{"} risk: high {"}"}

            """,
            TestTokens.GatewayEnvironment(),
            services: Recorded.Register,
            policyYaml: $"""
                roles:
                  admin: {"{"} tools: ["*"], prompts: ["*"], resources: ["*"] {"}"}
                  developer: {"{"} tools: ["rec.*"] {"}"}
                approvals: {"{"} expires_after_minutes: 5, webhook: "{_webhook.Url}" {"}"}

                """);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _webhook.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private int BackendCalls => _backend.Requests.Count(r => r.Body["method"]?.GetValue<string>() == "tools/call");

    private async Task<JsonObject> CallAsync(string token, JsonObject arguments, string? approval = null)
    {
        using var raw = new RawMcp(_gateway.McpEndpoint);
        var parameters = new JsonObject { ["name"] = "rec.whoami", ["arguments"] = arguments.DeepClone() };
        if (approval is not null)
        {
            parameters["_meta"] = new JsonObject { ["mcpgw/approval"] = approval };
        }

        var request = raw.Stateless2026("tools/call", parameters);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (status, body, _) = await raw.SendAsync(request);
        Assert.Equal(200, status);
        return body!;
    }

    private async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> AdminAsync(HttpMethod method, string path, string token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_gateway.BaseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null, response);
    }

    [Fact]
    public async Task HeldCall_IsApprovedByAnAdmin_AndRunsOnce()
    {
        var arguments = new JsonObject { ["target"] = "prod" };
        var held = await CallAsync(Alice, arguments);
        Assert.Equal(-32032, RawMcp.ErrorCode(held));
        var id = held["error"]!["data"]!["approvalId"]!.GetValue<string>();
        Assert.Contains("Approval required", held["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, BackendCalls);

        var requested = await _webhook.NextAsync(0);
        Assert.Equal("approval.requested", requested["event"]!.GetValue<string>());
        Assert.Equal((id, "alice", "rec.whoami", "high"), (requested["approval"]!["id"]!.GetValue<string>(), requested["approval"]!["user_id"]!.GetValue<string>(), requested["approval"]!["tool"]!.GetValue<string>(), requested["approval"]!["risk"]!.GetValue<string>()));
        Assert.Null(requested["approval"]!["arguments"]);

        // Only admins see and decide approvals.
        var (forbidden, _, forbiddenResponse) = await AdminAsync(HttpMethod.Get, "/admin/approvals", Alice);
        Assert.Equal(403, forbidden);
        Assert.Contains("insufficient_scope", forbiddenResponse.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(403, (await AdminAsync(HttpMethod.Post, $"/admin/approvals/{id}/approve", Alice)).Status);

        var (listed, list, _) = await AdminAsync(HttpMethod.Get, "/admin/approvals?status=pending", Root);
        Assert.Equal(200, listed);
        var entry = Assert.Single(list!["approvals"]!.AsArray());
        Assert.Equal((id, "pending"), (entry!["id"]!.GetValue<string>(), entry["status"]!.GetValue<string>()));
        var (_, one, _) = await AdminAsync(HttpMethod.Get, $"/admin/approvals/{id}", Root);
        Assert.Equal("prod", one!["arguments"]!["target"]!.GetValue<string>());

        var (approvedStatus, approved, _) = await AdminAsync(HttpMethod.Post, $"/admin/approvals/{id}/approve", Root, """{"reason":"change ticket 42"}""");
        Assert.Equal(200, approvedStatus);
        Assert.Equal(("approved", "root", "change ticket 42"), (approved!["status"]!.GetValue<string>(), approved["decided_by"]!.GetValue<string>(), approved["reason"]!.GetValue<string>()));
        Assert.Equal("approval.approved", (await _webhook.NextAsync(1))["event"]!.GetValue<string>());
        Assert.Equal(409, (await AdminAsync(HttpMethod.Post, $"/admin/approvals/{id}/reject", Root)).Status);

        // Other arguments or another user cannot ride on it; the approved call runs once.
        Assert.Contains("approvals:mismatch", (await CallAsync(Alice, new JsonObject { ["target"] = "all" }, id))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("approvals:mismatch", (await CallAsync(Root, arguments, id))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, BackendCalls);

        var ran = await CallAsync(Alice, arguments, id);
        Assert.Equal("recorded", ran["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(1, BackendCalls);
        var sent = _backend.Requests.Single(r => r.Body["method"]?.GetValue<string>() == "tools/call").Body;
        Assert.Null(sent["params"]!["_meta"]?["mcpgw/approval"]);

        var replay = await CallAsync(Alice, arguments, id);
        Assert.Equal(-32031, RawMcp.ErrorCode(replay));
        Assert.Contains("approvals:used", replay["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, BackendCalls);

        var (_, used, _) = await AdminAsync(HttpMethod.Get, "/admin/approvals?status=used", Root);
        Assert.Equal(id, Assert.Single(used!["approvals"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(["approval_required", "deny", "deny", "approved", "deny"], Recorded.Records.Where(r => r.Name == "rec.whoami").Select(r => r.Decision));
    }

    [Fact]
    public async Task SimultaneousIdenticalHeldCalls_ShareOnePendingApproval()
    {
        var arguments = new JsonObject { ["target"] = "prod" };
        var held = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => CallAsync(Alice, arguments))));

        Assert.All(held, h => Assert.Equal(-32032, RawMcp.ErrorCode(h)));
        var id = Assert.Single(held.Select(h => h["error"]!["data"]!["approvalId"]!.GetValue<string>()).Distinct());
        var (_, list, _) = await AdminAsync(HttpMethod.Get, "/admin/approvals?status=pending", Root);
        Assert.Equal(id, Assert.Single(list!["approvals"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(id, (await _webhook.NextAsync(0))["approval"]!["id"]!.GetValue<string>());

        // Other arguments are another call: an approval of their own.
        var other = await CallAsync(Alice, new JsonObject { ["target"] = "staging" });
        Assert.NotEqual(id, other["error"]!["data"]!["approvalId"]!.GetValue<string>());
        Assert.Equal(0, BackendCalls);
    }

    [Fact]
    public async Task RestCaller_GetsA428_ThenRunsTheApprovedCallWithItsId()
    {
        async Task<(int, JsonObject)> InvokeAsync(string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateway.BaseAddress, "/mcp/invoke")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Alice);
            using var response = await _http.SendAsync(request);
            return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        var (status, held) = await InvokeAsync("""{"tool_name":"rec.whoami","arguments":{"n":1}}""");
        Assert.Equal(428, status);
        Assert.Equal(("approval_required", -32032), (held["error"]!["kind"]!.GetValue<string>(), held["error"]!["code"]!.GetValue<int>()));
        var id = held["error"]!["data"]!["approvalId"]!.GetValue<string>();

        Assert.Equal(200, (await AdminAsync(HttpMethod.Post, $"/admin/approvals/{id}/approve", Root)).Status);
        var (ranStatus, ran) = await InvokeAsync($$"""{"tool_name":"rec.whoami","arguments":{"n":1},"approval_id":"{{id}}"}""");
        Assert.Equal(200, ranStatus);
        Assert.Equal("recorded", ran["content"]![0]!["text"]!.GetValue<string>());
        var (replayStatus, replay) = await InvokeAsync($$"""{"tool_name":"rec.whoami","arguments":{"n":1},"approval_id":"{{id}}"}""");
        Assert.Equal((403, "forbidden"), (replayStatus, replay["error"]!["kind"]!.GetValue<string>()));
        Assert.Equal(1, BackendCalls);
    }

    [Fact]
    public async Task Rejected_Unknown_AndBadRequests_AreAnsweredClearly()
    {
        var id = (await CallAsync(Alice, new JsonObject()))["error"]!["data"]!["approvalId"]!.GetValue<string>();
        Assert.Equal(400, (await AdminAsync(HttpMethod.Post, $"/admin/approvals/{id}/reject", Root, """{"reason":5}""")).Status);
        Assert.Equal(400, (await AdminAsync(HttpMethod.Post, $"/admin/approvals/{id}/reject", Root, "not json")).Status);
        var (rejectedStatus, rejected, _) = await AdminAsync(HttpMethod.Post, $"/admin/approvals/{id}/reject", Root, """{"reason":"no"}""");
        Assert.Equal((200, "rejected"), (rejectedStatus, rejected!["status"]!.GetValue<string>()));
        Assert.Equal(409, (await AdminAsync(HttpMethod.Post, $"/admin/approvals/{id}/approve", Root)).Status);
        Assert.Contains("approvals:rejected", (await CallAsync(Alice, new JsonObject(), id))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(404, (await AdminAsync(HttpMethod.Get, "/admin/approvals/apr_nope", Root)).Status);
        Assert.Equal(404, (await AdminAsync(HttpMethod.Post, "/admin/approvals/apr_nope/approve", Root)).Status);
        Assert.Equal(400, (await AdminAsync(HttpMethod.Get, "/admin/approvals?status=maybe", Root)).Status);
        Assert.Equal(400, (await AdminAsync(HttpMethod.Get, "/admin/approvals?limit=0", Root)).Status);
        Assert.Equal(401, (await AdminAsync(HttpMethod.Get, "/admin/approvals", "not-a-token")).Status);
        Assert.Equal(0, BackendCalls);
    }
}
