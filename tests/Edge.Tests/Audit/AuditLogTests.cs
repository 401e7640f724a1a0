using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Audit;

/// <summary>The audit log through a real gateway: what a call leaves behind, and <c>GET /admin/audit</c>.</summary>
public sealed class AuditLogTests
{
    private const string Policy = """
        roles:
          admin:
            tools: ["hello.echo"]
            deny:
              tools: ["hello.sum"]

        """;

    private static JsonObject Echo(string message) => new() { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = message } };

    internal static async Task<JsonObject> AuditAsync(GatewayHost gateway, string query = "")
    {
        using var http = new HttpClient();
        return (await http.GetFromJsonAsync<JsonObject>(new Uri(gateway.BaseAddress, "/admin/audit" + query)))!;
    }

    [Fact]
    public async Task ToolCall_LeavesOneRecordWithEveryField()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), policyYaml: Policy);
        using var raw = new RawMcp(gateway.McpEndpoint);
        var request = raw.Stateless2026("tools/call", Echo("secret-value"));
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        request.Headers.Add("User-Agent", "audit-test/1.0");
        var (_, body, response) = await raw.SendAsync(request);
        Assert.Equal("secret-value", body!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        var record = Assert.Single((await AuditAsync(gateway))["records"]!.AsArray())!;

        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), record["request_id"]!.GetValue<string>());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", record["correlation_id"]!.GetValue<string>());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", record["trace_id"]!.GetValue<string>());
        Assert.Equal("anonymous", record["user_id"]!.GetValue<string>());
        Assert.Equal(["admin"], record["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("audit-test/1.0", record["client"]!.GetValue<string>());
        Assert.Equal(("mcp", "tools/call", "hello.echo", "hello"), (record["endpoint"]!.GetValue<string>(), record["method"]!.GetValue<string>(), record["name"]!.GetValue<string>(), record["backend"]!.GetValue<string>()));
        Assert.Equal(("allow", "roles.admin.tools:hello.echo", "success"), (record["decision"]!.GetValue<string>(), record["rule_id"]!.GetValue<string>(), record["outcome"]!.GetValue<string>()));
        Assert.NotNull(record["policy_version"]);
        Assert.True(record["latency_ms"]!.GetValue<double>() > 0);
        Assert.True(record["request_bytes"]!.GetValue<long>() > 40);
        Assert.True(record["response_bytes"]!.GetValue<long>() > 20);
        Assert.Equal(64, record["arguments_digest"]!.GetValue<string>().Length);
        Assert.Null(record["arguments"]);
        Assert.DoesNotContain("secret-value", record.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, record["seq"]!.GetValue<long>());
    }

    [Fact]
    public async Task ArgumentValues_AreRecordedOnlyWhenConfigured_AndTheDigestIgnoresMemberOrder()
    {
        await using var gateway = await GatewayHost.StartAsync(
            GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_AUDIT_ARGUMENTS"] = "true" });
        using var raw = new RawMcp(gateway.McpEndpoint);
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.sum", ["arguments"] = new JsonObject { ["numbers"] = new JsonArray(1, 2), ["x"] = 1 } }));
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.sum", ["arguments"] = new JsonObject { ["x"] = 1, ["numbers"] = new JsonArray(1, 2) } }));

        var records = (await AuditAsync(gateway))["records"]!.AsArray();

        Assert.Equal("""{"numbers":[1,2],"x":1}""", records[1]!["arguments"]!.GetValue<string>());
        Assert.Equal(records[0]!["arguments_digest"]!.GetValue<string>(), records[1]!["arguments_digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefusedCalls_AreRecordedWithTheirDecisionAndError()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), policyYaml: Policy);
        using var raw = new RawMcp(gateway.McpEndpoint);
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.sum", ["arguments"] = new JsonObject { ["numbers"] = new JsonArray(1) } }));
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.nope", ["arguments"] = new JsonObject() }));
        await raw.SendAsync(raw.Stateless2026("resources/read", new JsonObject { ["uri"] = "hello://greeting" }));

        var records = (await AuditAsync(gateway))["records"]!.AsArray();

        Assert.Equal(
            [("resources/read", "hello://greeting", "deny", "error", "Forbidden"), ("tools/call", "hello.nope", null, "error", "UnknownTool"), ("tools/call", "hello.sum", "deny", "error", "Forbidden")],
            records.Select(r => (r!["method"]!.GetValue<string>(), r["name"]!.GetValue<string>(), r["decision"]?.GetValue<string>(), r["outcome"]!.GetValue<string>(), r["error_kind"]?.GetValue<string>())));
        Assert.Equal("roles.admin.deny.tools:hello.sum", records[2]!["rule_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdminAudit_FiltersAndPages()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), policyYaml: Policy);
        using var raw = new RawMcp(gateway.McpEndpoint);
        for (var i = 0; i < 5; i++)
        {
            await raw.SendAsync(raw.Stateless2026("tools/call", Echo("m" + i)));
        }

        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.sum", ["arguments"] = new JsonObject { ["numbers"] = new JsonArray(1) } }));

        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var page = await AuditAsync(gateway, "?tool=hello.echo&outcome=success&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            ids.AddRange(page["records"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal("hello.sum", Assert.Single((await AuditAsync(gateway, "?decision=deny"))["records"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Empty((await AuditAsync(gateway, "?user=bob"))["records"]!.AsArray());
        Assert.Equal(6, (await AuditAsync(gateway, $"?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}&user=anonymous"))["records"]!.AsArray().Count);
        Assert.Empty((await AuditAsync(gateway, $"?to={DateTimeOffset.UtcNow.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}"))["records"]!.AsArray());

        using var http = new HttpClient();
        foreach (var bad in new[] { "?limit=0", "?limit=abc", "?from=yesterday", "?decision=maybe", "?cursor=-1", "?colour=red", "?user=a&user=b" })
        {
            using var response = await http.GetAsync(new Uri(gateway.BaseAddress, "/admin/audit" + bad));
            Assert.Equal(400, (int)response.StatusCode);
            var error = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("invalid_params", error!["error"]!["kind"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AdminAudit_WithoutTheAdminRole_IsForbidden()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_ANONYMOUS_ROLES"] = "developer" });
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(gateway.BaseAddress, "/admin/audit"));

        Assert.Equal(403, (int)response.StatusCode);
    }
}
