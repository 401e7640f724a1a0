using McpGateway.Core.Audit;

namespace McpGateway.Edge.Audit;

/// <summary>Writes each audit record as one structured log line (event 3001), next to the durable audit log.</summary>
internal sealed partial class LogAuditSink(ILogger<LogAuditSink> logger) : IAuditSink
{
    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        LogCall(record.Method, record.Name, record.Backend ?? "-", record.Outcome, record.ErrorKind ?? "-", record.Reason ?? "-", record.UserId, record.Endpoint, record.Scope ?? "*",
            record.Decision ?? "-", record.RuleId ?? "-", record.PolicyVersion ?? "-", record.LatencyMs);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "audit {Method} {Name} backend={Backend} outcome={Outcome} error={ErrorKind} reason={Reason} user={UserId} endpoint={Endpoint} scope={Scope} decision={Decision} rule={RuleId} policy={PolicyVersion} latency_ms={LatencyMs}")]
    private partial void LogCall(string method, string name, string backend, string outcome, string errorKind, string reason, string userId, string endpoint, string scope, string decision, string ruleId, string policyVersion, double latencyMs);
}
