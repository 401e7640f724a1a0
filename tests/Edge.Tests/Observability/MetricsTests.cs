using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Observability;

/// <summary><c>GET /metrics</c> counts and times calls, refusals included, and shows the backends' state.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_CountCallsByOutcome_AndShowBackends()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio());
        using var raw = new RawMcp(gateway.McpEndpoint);
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "m" } }));
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "m" } }));
        await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.nope", ["arguments"] = new JsonObject() }));

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(gateway.BaseAddress, "/metrics"));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("mcpgw_calls_total{method=\"tools/call\",backend=\"hello\",outcome=\"success\",error=\"\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_calls_total{method=\"tools/call\",backend=\"\",outcome=\"error\",error=\"UnknownTool\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_call_duration_seconds_count{method=\"tools/call\",backend=\"hello\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_call_duration_seconds_bucket{method=\"tools/call\",backend=\"hello\",le=\"+Inf\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_backend_up{backend=\"hello\",state=\"healthy\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_catalogue_entries 4", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ShowHttpRequestsByEndpoint_AndTheAuditLog()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio());
        using var raw = new RawMcp(gateway.McpEndpoint);
        using var scoped = new RawMcp(gateway.ScopedEndpoint("hello"));
        for (var i = 0; i < 3; i++)
        {
            await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "m" } }));
        }

        await scoped.SendAsync(scoped.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "m" } }));
        await raw.SendAsync(raw.Post("not json"));

        // The embedded engine's records reach the log from the audit journal a few milliseconds after their answers.
        await gateway.Services.GetRequiredService<AuditWriter>().WaitUntilStoredAsync(TimeSpan.FromSeconds(30), default);
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(gateway.BaseAddress, "/metrics"));

        Assert.Contains("mcpgw_http_requests_total{endpoint=\"/mcp\",method=\"POST\",status=\"200\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_http_requests_total{endpoint=\"/mcp\",method=\"POST\",status=\"400\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_http_requests_total{endpoint=\"/{scope}/mcp\",method=\"POST\",status=\"200\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_http_request_duration_seconds_count{endpoint=\"/mcp\",method=\"POST\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_audit_records_written_total 4", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_audit_queue_depth 0", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_audit_spool_records 0", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_audit_spool_bytes 0", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_audit_available 1", text, StringComparison.Ordinal);
        Assert.Contains("mcpgw_audit_records_spooled_total 0", text, StringComparison.Ordinal);
    }
}
