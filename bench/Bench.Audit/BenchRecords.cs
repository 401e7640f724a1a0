using System.Text.Json.Nodes;
using McpGateway.Core.Audit;

namespace McpGateway.Bench.Audit;

/// <summary>Audit records shaped like a served <c>tools/call</c> (the fields a real call fills), distinct event ids.</summary>
internal static class BenchRecords
{
    private static readonly JsonObject Arguments = new() { ["message"] = "hello", ["count"] = 3 };
    private static readonly string Digest = JsonDigest.Digest(Arguments);

    public static AuditRecord Record(string prefix, int i) => new()
    {
        EventId = $"{prefix}-{Guid.CreateVersion7():N}",
        Time = DateTimeOffset.UtcNow,
        RequestId = $"{prefix}-req-{i}",
        CorrelationId = "4bf92f3577b34da6a3ce929d0e0e4736",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        UserId = "alice",
        Tenant = "acme",
        Roles = ["developer"],
        Client = "bench/1.0",
        Endpoint = "mcp",
        Method = "tools/call",
        Name = "hello.echo",
        Backend = "hello",
        Decision = "allow",
        RuleId = "roles.developer.tools:hello.*",
        PolicyVersion = "2a4b2acd4513",
        Outcome = "success",
        LatencyMs = 1.234,
        RequestBytes = 96,
        ResponseBytes = 120,
        ArgumentsDigest = Digest,
    };

    public static List<AuditRecord> Batch(string prefix, int count) => Enumerable.Range(0, count).Select(i => Record(prefix, i)).ToList();
}
