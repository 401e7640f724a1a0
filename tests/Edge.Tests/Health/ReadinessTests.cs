using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Health;

/// <summary><c>/health/ready</c>: store reachable (both engines), configuration valid, at least one backend discovered.</summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Embedded_AllFine_IsReady_WithEveryCheckOk()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio());

        var (status, body) = await ReadyAsync(gateway);

        Assert.Equal(200, status);
        Assert.Equal("ready", body["status"]!.GetValue<string>());
        Assert.Empty(body["degraded"]!.AsArray());
        Assert.Equal("embedded", body["checks"]!["store"]!["engine"]!.GetValue<string>());
        Assert.Equal("ok", body["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal("ok", body["checks"]!["config"]!["status"]!.GetValue<string>());
        Assert.Equal(1, body["checks"]!["backends"]!["discovered"]!.GetValue<int>());
        Assert.Equal("alive", JsonNode.Parse(await new HttpClient().GetStringAsync(new Uri(gateway.BaseAddress, "/health/live")))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Postgres_StoppedAndRestarted_ReadyTurns503NamingTheStore_ThenReadyAgain_SessionsSurvive()
    {
        await using var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync("ready");
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), databaseUrl: database.Url);
        using var raw = new RawMcp(gateway.McpEndpoint);
        var session = await RawSession.OpenAsync(raw);
        var (ready, readyBody) = await ReadyAsync(gateway);
        Assert.Equal((200, "postgres"), (ready, readyBody["checks"]!["store"]!["engine"]!.GetValue<string>()));

        await server.StopAsync();
        var (down, downBody) = await ReadyAsync(gateway);
        var (callStatus, callBody, callResponse) = await raw.SendAsync(session.Echo(raw, "while down"));

        Assert.Equal(503, down);
        Assert.Equal("not_ready", downBody["status"]!.GetValue<string>());
        Assert.Equal(["store"], downBody["degraded"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("unreachable", downBody["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain(server.Password, downBody.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), downBody["checks"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(503, callStatus);
        Assert.Equal(-32603, RawMcp.ErrorCode(callBody));
        Assert.NotNull(callResponse.Headers.RetryAfter);

        await server.StartAgainAsync();
        var (again, _) = await WaitForReadyAsync(gateway, s => s == 200);
        var (afterStatus, afterBody, _) = await raw.SendAsync(session.Echo(raw, "after restart"));

        Assert.Equal(200, again);
        Assert.Equal(200, afterStatus);
        Assert.Equal("after restart", RawSession.ResultText(afterBody));
    }

    [Fact]
    public async Task NoBackendDiscovered_IsNotReady_NamingTheBackends()
    {
        const string Broken = """
              - name: broken
                transport: stdio
                command: [/nonexistent/mcp-server]
                discovery_timeout_seconds: 2

            """;
        await using var gateway = await GatewayHost.StartAsync(Broken);

        var (status, body) = await ReadyAsync(gateway);

        Assert.Equal(503, status);
        Assert.Equal("not_ready", body["status"]!.GetValue<string>());
        Assert.Equal(["backends", "backend:broken"], body["degraded"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("none_discovered", body["checks"]!["backends"]!["status"]!.GetValue<string>());
        Assert.Equal(1, body["checks"]!["backends"]!["configured"]!.GetValue<int>());
    }

    [Fact]
    public async Task RejectedPolicyChange_IsDegradedNamingTheConfig_UntilFixed()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_CONFIG_RELOAD_SECONDS"] = "0.2" });
        var policyFile = Path.Combine(gateway.Folder.Path, "config", "policy.yaml");

        await File.WriteAllTextAsync(policyFile, "roles:\n  admin:\n    tools: 42\n");
        var (status, body) = await WaitForReadyAsync(gateway, _ => true, b => b["checks"]!["config"]!["status"]!.GetValue<string>() == "invalid");

        Assert.Equal(200, status);
        Assert.Equal("degraded", body["status"]!.GetValue<string>());
        Assert.Equal(["config"], body["degraded"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("policy.yaml", Assert.Single(body["checks"]!["config"]!["rejected"]!.AsArray())!["file"]!.GetValue<string>());
        Assert.DoesNotContain(gateway.Folder.Path, body.ToJsonString(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(policyFile, GatewayHost.AdminPolicy + "\n# fixed\n");
        var (fixedStatus, fixedBody) = await WaitForReadyAsync(gateway, _ => true, b => b["checks"]!["config"]!["status"]!.GetValue<string>() == "ok");
        Assert.Equal((200, "ready"), (fixedStatus, fixedBody["status"]!.GetValue<string>()));
    }

    private static async Task<(int Status, JsonObject Body)> ReadyAsync(GatewayHost gateway)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(new Uri(gateway.BaseAddress, "/health/ready"));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>Polls until the answer matches (a state change the node notices on its own), failing after a minute.</summary>
    private static Task<(int Status, JsonObject Body)> WaitForReadyAsync(GatewayHost gateway, Func<int, bool> status, Func<JsonObject, bool>? body = null) =>
        Eventually.ValueAsync(
            () => ReadyAsync(gateway),
            answer => status(answer.Status) && (body?.Invoke(answer.Body) ?? true),
            "/health/ready to match",
            Patience);
}
