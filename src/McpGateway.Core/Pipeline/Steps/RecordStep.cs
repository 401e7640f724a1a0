using McpGateway.Core.Audit;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>
/// The outermost step: records every call that entered the pipeline, served or refused at any step,
/// before the answer goes back to the caller.
/// </summary>
public sealed class RecordStep(IEnumerable<IAuditSink> sinks, TimeProvider time) : ICallStep
{
    private readonly IAuditSink[] _sinks = sinks.ToArray();

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        CallResult result;
        try
        {
            result = await next(context);
        }
        catch (GatewayException exception)
        {
            result = CallResult.Failure(exception.Error);
        }

        if (_sinks.Length > 0)
        {
            var record = ToRecord(context, result, time.GetUtcNow());
            foreach (var sink in _sinks)
            {
                await sink.WriteAsync(record, CancellationToken.None);
            }
        }

        return result;
    }

    private static AuditRecord ToRecord(CallContext context, CallResult result, DateTimeOffset now) => new()
    {
        Time = context.StartedAt,
        RequestId = context.RequestId,
        CorrelationId = context.CorrelationId,
        UserId = context.Caller?.UserId ?? "unauthenticated",
        Tenant = context.Caller?.Tenant,
        Roles = context.Caller?.Roles ?? [],
        Endpoint = context.Endpoint,
        Scope = context.Scope,
        Method = context.Kind.Method(),
        Name = context.Name,
        Backend = context.Target?.Backend,
        Decision = context.Decision?.Name,
        RuleId = context.Decision?.RuleId,
        PolicyVersion = context.Decision?.PolicyVersion,
        Outcome = result.IsSuccess ? (result.IsToolError ? "tool_error" : "success") : "error",
        ErrorKind = result.Error?.Kind.ToString(),
        Reason = result.Error?.Refusal?.Reason,
        LatencyMs = (now - context.StartedAt).TotalMilliseconds,
    };
}
