namespace McpGateway.Core.Audit;

/// <summary>The audit log's units: times as Unix microseconds (UTC), latencies as whole microseconds.</summary>
public static class AuditTime
{
    public static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    public static long LatencyMicroseconds(double latencyMs) => (long)Math.Round(latencyMs * 1000, MidpointRounding.AwayFromZero);
}
