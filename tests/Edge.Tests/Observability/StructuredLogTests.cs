using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Observability;

/// <summary>The real <c>mcpgw</c> process's console: JSON lines, request context on the lines of a request, no secrets.</summary>
public sealed class StructuredLogTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string SharedSecret = "backend-shared-secret-5c1f";
    private const string HmacKey = "audit-hmac-key-9d2e-never-logged";

    [Fact]
    public async Task LogLines_AreJson_CarryTheRequestContext_AndNeverASecretOrToken()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + GatewayHost.HelloStdio());
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var port = FreePort.Next();
        var environment = TestTokens.GatewayEnvironment().ToDictionary(e => e.Key, e => (string?)e.Value);
        environment["LOG_LEVEL"] = "Debug";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["TOOL_GATEWAY_SHARED_SECRET"] = SharedSecret;
        environment["GATEWAY_AUDIT_HMAC_KEY"] = HmacKey;
        var token = TestTokens.Valid();
        var forged = TestTokens.Hs("""{"alg":"HS256","typ":"JWT"}""", TestTokens.Claims().ToJsonString(), secret: "an-attackers-secret-0123456789-abcdefghijkl");
        string requestId;
        string output;
        await using (var gateway = GatewayProcess.Run(["--urls", $"http://127.0.0.1:{port}", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], environment))
        {
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            await gateway.WaitForHttpAsync(new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(60));
            using var raw = new RawMcp(new Uri(baseAddress, "/mcp"));
            var call = raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "hi" } });
            call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            call.Headers.Add("traceparent", $"00-{TraceId}-b7ad6b7169203331-01");
            var (status, body, response) = await raw.SendAsync(call);
            Assert.True(status == 200 && body?["result"] is not null, body?.ToJsonString());
            requestId = response.Headers.GetValues("X-Request-ID").Single();

            var refused = raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "hi" } });
            refused.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
            Assert.Equal(401, (await raw.SendAsync(refused)).Status);

            gateway.Terminate();
            await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(30));
            output = gateway.Output;
        }

        var lines = output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.True(line["EventId"] is not null && line["LogLevel"] is not null && line["Timestamp"] is not null, line.ToJsonString()));

        var audit = Assert.Single(lines, l => l["EventId"]!.GetValue<int>() == 3001 && l["Message"]!.GetValue<string>().Contains("hello.echo", StringComparison.Ordinal));
        var scopes = audit["Scopes"]!.AsArray().OfType<JsonObject>().SelectMany(s => s).Where(p => p.Key != "Message").ToDictionary(p => p.Key, p => p.Value?.ToString());
        Assert.Equal(requestId, scopes["request_id"]);
        Assert.Equal("alice", scopes["user_id"]);
        Assert.Equal(TraceId, scopes["trace_id"]);
        Assert.Contains(audit["Scopes"]!.AsArray().OfType<JsonObject>(), s => s["Message"]?.ToString() == $"request_id={requestId} correlation_id={TraceId} trace_id={TraceId}");
        Assert.DoesNotContain("System.Collections", output, StringComparison.Ordinal);

        foreach (var secret in new[] { token, forged, token.Split('.')[2], forged.Split('.')[2], TestTokens.Secret, SharedSecret, HmacKey })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }
}
