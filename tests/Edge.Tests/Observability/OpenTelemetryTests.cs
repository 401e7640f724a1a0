using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Observability;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces and metrics reach a real OTLP/HTTP receiver; the trace continues at the backend.</summary>
public sealed class OpenTelemetryTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpan = "00f067aa0ba902b7";

    [Fact]
    public async Task OtlpEndpoint_TracesAndMetricsAreExported_AndTheBackendGetsTheGatewaysSpanAsParent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var backend = await RecordingBackend.StartAsync();
        string requestId;
        await using (var gateway = await GatewayHost.StartAsync(
            $"  - name: rec\n    transport: streamable-http\n    url: {backend.Endpoint}\n",
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "mcpgw-test",
            }))
        {
            using var raw = new RawMcp(gateway.McpEndpoint);
            var request = raw.Stateless2026("tools/call", new JsonObject { ["name"] = "rec.whoami", ["arguments"] = new JsonObject() });
            request.Headers.Add("traceparent", $"00-{TraceId}-{CallerSpan}-01");
            var (_, body, response) = await raw.SendAsync(request);
            Assert.NotNull(body!["result"]);
            requestId = response.Headers.GetValues("X-Request-ID").Single();

            var record = (await Audit.AuditLogTests.AuditAsync(gateway))["records"]![0]!;
            Assert.Equal(TraceId, record["trace_id"]!.GetValue<string>());
        }

        // Disposing the node flushed both exporters.
        // OTLP export is at least once: a batch whose answer the exporter did not get in time is sent again, so a span may
        // arrive twice (same span id); two spans of one call would still have two ids and fail below.
        var spans = receiver.Bodies("/v1/traces").SelectMany(Protobuf.Spans).DistinctBy(s => s.SpanId).ToList();
        var call = Assert.Single(spans, s => s.Name == "tools/call rec.whoami");
        Assert.Equal(TraceId, call.TraceId);
        var server = Assert.Single(spans, s => s.SpanId == call.ParentSpanId);
        Assert.Equal((TraceId, CallerSpan), (server.TraceId, server.ParentSpanId));
        Assert.All(receiver.Exports, e => Assert.Equal("application/x-protobuf", e.ContentType));

        var upstream = backend.Requests.Single(r => r.Body["method"]?.GetValue<string>() == "tools/call").Headers;
        Assert.Equal($"00-{TraceId}-{call.SpanId}-01", upstream["traceparent"].ToString());
        Assert.Equal(requestId, upstream["X-Request-ID"].ToString());

        var metrics = receiver.Bodies("/v1/metrics").SelectMany(Protobuf.MetricNames).ToHashSet();
        Assert.Contains("mcpgw.calls", metrics);
        Assert.Contains("mcpgw.call.duration", metrics);
        Assert.Contains("mcpgw.audit.queue_depth", metrics);
        Assert.Contains("mcpgw.audit.spool.records", metrics);
        Assert.Contains("http.server.request.duration", metrics);
    }
}
