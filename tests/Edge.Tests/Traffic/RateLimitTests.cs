using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Edge.Tests.Traffic;

/// <summary>
/// Rate limits through a real node whose clock the test moves (so the numbers are exact): tool buckets and user quotas,
/// the answers and headers of a refusal on MCP and REST, the audit reason, <c>/metrics</c> and <c>/admin/limits</c>.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingServices _recorded = new();
    private GuardedBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await GuardedBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private Task<GatewayHost> StartAsync(string toolSettings, Dictionary<string, string>? environment = null) => GatewayHost.StartAsync(
        $"""
          - name: guarded
            transport: streamable-http
            url: {_backend.Endpoint}
            tools:
              work: {toolSettings}

        """,
        environment,
        services: services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            _recorded.Register(services);
        });

    /// <summary>Ten times the limit offered for ten (fake) seconds: exactly burst + rate · time admitted, the rest refused.</summary>
    [Fact]
    public async Task ToolBucket_AtTenTimesTheLimit_AdmitsTheLimit()
    {
        await using var gateway = await StartAsync("{ rate_limit_per_minute: 60, burst: 5 }");
        using var raw = new RawMcp(gateway.McpEndpoint);
        var admitted = 0;
        for (var second = 0; second < 10; second++)
        {
            for (var i = 0; i < 10; i++)
            {
                var (status, body, _) = await raw.SendAsync(Call(raw));
                Assert.Equal(200, status);
                admitted += body!["result"] is not null ? 1 : 0;
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        const int expected = 5 + 9; // the burst, then one per second for the nine seconds after the first
        Assert.InRange(admitted, expected * 0.95, expected * 1.05);
        Assert.Equal(expected, admitted);
        Assert.Equal(expected, _backend.Calls);
        Assert.Equal(100 - expected, _recorded.Records.Count(r => r.Reason == "tool_rate" && r.ErrorKind == "RateLimited"));
    }

    [Fact]
    public async Task Refusal_OnMcp_IsAJsonRpcErrorWithRetryData_AndRateLimitHeaders()
    {
        await using var gateway = await StartAsync("{ rate_limit_per_minute: 6, burst: 2 }");
        using var raw = new RawMcp(gateway.McpEndpoint);
        await raw.SendAsync(Call(raw));
        await raw.SendAsync(Call(raw));

        var (status, body, response) = await raw.SendAsync(Call(raw));
        Assert.Equal(200, status);
        Assert.Equal(-32029, RawMcp.ErrorCode(body));
        var error = body!["error"]!;
        Assert.Contains("'guarded.work' allows 6 calls per minute", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("tool_rate", error["data"]!["reason"]!.GetValue<string>());
        Assert.Equal(10, error["data"]!["retryAfterSeconds"]!.GetValue<int>());
        Assert.Equal(2, error["data"]!["limit"]!.GetValue<int>());
        Assert.Equal(0, error["data"]!["remaining"]!.GetValue<int>());
        Assert.Equal(20, error["data"]!["resetSeconds"]!.GetValue<int>());
        Assert.Equal("10", Header(response, "Retry-After"));
        Assert.Equal("2", Header(response, "RateLimit-Limit"));
        Assert.Equal("0", Header(response, "RateLimit-Remaining"));
        Assert.Equal("20", Header(response, "RateLimit-Reset"));

        _clock.Advance(TimeSpan.FromSeconds(10));
        var (_, again, _) = await raw.SendAsync(Call(raw));
        Assert.NotNull(again!["result"]);
        Assert.Equal(3, _backend.Calls);
    }

    [Fact]
    public async Task Refusal_OnRest_Is429WithTheSameHeaders()
    {
        await using var gateway = await StartAsync("{ rate_limit_per_minute: 60, burst: 1 }");
        using var http = new HttpClient();
        var first = await http.PostAsJsonAsync(new Uri(gateway.BaseAddress, "/mcp/invoke"), new { tool_name = "guarded.work", arguments = new { } });
        Assert.Equal(200, (int)first.StatusCode);

        var refused = await http.PostAsJsonAsync(new Uri(gateway.BaseAddress, "/mcp/invoke"), new { tool_name = "guarded.work", arguments = new { } });
        Assert.Equal(429, (int)refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("rate_limited", error["kind"]!.GetValue<string>());
        Assert.Equal(-32029, error["code"]!.GetValue<int>());
        Assert.Equal("tool_rate", error["data"]!["reason"]!.GetValue<string>());
        Assert.Equal("1", Header(refused, "Retry-After"));
        Assert.Equal("1", Header(refused, "RateLimit-Limit"));
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.Equal("1", Header(refused, "RateLimit-Reset"));
    }

    [Fact]
    public async Task UserQuota_RefusesTheUserBeyondTheirBucket_WhateverTheTool()
    {
        await using var gateway = await StartAsync("", new Dictionary<string, string>
        {
            ["RATE_LIMIT_USER_PER_MINUTE"] = "30",
            ["RATE_LIMIT_USER_BURST"] = "3",
        });
        using var raw = new RawMcp(gateway.McpEndpoint);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull((await raw.SendAsync(Call(raw))).Body!["result"]);
        }

        var (_, body, response) = await raw.SendAsync(Call(raw));
        Assert.Equal(-32029, RawMcp.ErrorCode(body));
        Assert.Equal("user_quota", body!["error"]!["data"]!["reason"]!.GetValue<string>());
        Assert.Contains("the quota of user 'anonymous' allows 30 calls per minute", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2", Header(response, "Retry-After"));
        Assert.Equal(3, _backend.Calls);
        Assert.Contains(_recorded.Records, r => r.Reason == "user_quota" && r.UserId == "anonymous");
    }

    [Fact]
    public async Task MetricsAndAdmin_ShowTheBucketAndTheRefusals()
    {
        await using var gateway = await StartAsync("{ rate_limit_per_minute: 60, burst: 2 }");
        using var raw = new RawMcp(gateway.McpEndpoint);
        for (var i = 0; i < 3; i++)
        {
            await raw.SendAsync(Call(raw));
        }

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(gateway.BaseAddress, "/metrics"));
        Assert.Contains("mcpgw_tool_bucket_tokens{tool=\"guarded.work\",backend=\"guarded\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mcpgw_tool_bucket_burst{tool=\"guarded.work\",backend=\"guarded\"} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mcpgw_tool_rate_limit_per_minute{tool=\"guarded.work\",backend=\"guarded\"} 60\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mcpgw_tool_breaker_state{tool=\"guarded.work\",backend=\"guarded\",state=\"closed\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("mcpgw_admission_refusals_total{tool=\"guarded.work\",reason=\"tool_rate\"} 1\n", metrics, StringComparison.Ordinal);

        var limits = JsonNode.Parse(await http.GetStringAsync(new Uri(gateway.BaseAddress, "/admin/limits")))!;
        Assert.Equal("orleans", limits["engine"]!.GetValue<string>());
        var tool = Assert.Single(limits["tools"]!.AsArray())!;
        Assert.Equal("guarded.work", tool["tool"]!.GetValue<string>());
        Assert.Equal(0, tool["rate"]!["tokens"]!.GetValue<double>());
        Assert.Equal("closed", tool["breaker"]!["state"]!.GetValue<string>());
        Assert.Contains(limits["quotas"]!.AsArray(), q => q!["key"]!.GetValue<string>() == "user:/anonymous");

        var backends = JsonNode.Parse(await http.GetStringAsync(new Uri(gateway.BaseAddress, "/admin/backends")))!;
        var backend = Assert.Single(backends["backends"]!.AsArray())!;
        Assert.Equal("guarded", backend["name"]!.GetValue<string>());
        Assert.Equal("healthy", backend["state"]!.GetValue<string>());
        Assert.Equal("guarded.work", Assert.Single(backend["tools"]!.AsArray())!["tool"]!.GetValue<string>());
    }

    internal static HttpRequestMessage Call(RawMcp raw) =>
        raw.Stateless2026("tools/call", new JsonObject { ["name"] = "guarded.work", ["arguments"] = new JsonObject() });

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
