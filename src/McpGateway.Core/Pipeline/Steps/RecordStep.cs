using McpGateway.Core.Audit;
using McpGateway.Core.Protocol;
using McpGateway.Core.Storage;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>
/// The outermost step: records every call that entered the pipeline, served or refused at any step, before the answer
/// goes back to the caller. A call is refused before it runs while a sink cannot record durably; a call whose record
/// could not be made durable is answered with an error instead of its result (the caller is never told "done" about a
/// call the audit log does not hold).
/// </summary>
public sealed class RecordStep(IEnumerable<IAuditSink> sinks, TimeProvider time, AuditOptions? options = null) : ICallStep
{
    private readonly IAuditSink[] _sinks = sinks.ToArray();
    private readonly bool _includeArguments = options?.IncludeArguments ?? false;

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        CallResult result;
        if (_sinks.Any(s => !s.IsAvailable))
        {
            result = CallResult.Failure(AuditUnavailable);
        }
        else
        {
            try
            {
                result = await next(context);
            }
            catch (GatewayException exception)
            {
                result = CallResult.Failure(exception.Error);
            }
            catch (Exception exception)
            {
                // A store outage below (or a bug): the call leaves its record all the same, and the edge answers the
                // exception (503 for a store outage).
                await RecordAsync(context, CallResult.Failure(Unexpected(exception)));
                throw;
            }
        }

        return await RecordAsync(context, result);
    }

    private async ValueTask<CallResult> RecordAsync(CallContext context, CallResult result)
    {
        if (_sinks.Length == 0)
        {
            return result;
        }

        var record = ToRecord(context, result, time.GetUtcNow());
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.WriteAsync(record, CancellationToken.None);
            }
            catch (AuditUnavailableException)
            {
                // The remaining sinks (log line, metrics) see what the caller gets.
                result = CallResult.Failure(AuditUnavailable);
                record = record with { Outcome = "error", ErrorKind = AuditUnavailable.Kind.ToString(), ResponseBytes = JsonDigest.Size(AuditUnavailable.Message) };
            }
        }

        return result;
    }

    private static readonly GatewayError AuditUnavailable = new(GatewayErrorKind.AuditUnavailable, "The audit log is unavailable; the call was not served");

    /// <summary>What the record says about a call that ended in an exception (its message is never recorded).</summary>
    private static GatewayError Unexpected(Exception exception) => exception switch
    {
        _ when StoreFailures.IsTransient(exception) => new(GatewayErrorKind.StoreUnavailable, "Store unavailable, retry later"),
        OperationCanceledException => new(GatewayErrorKind.Cancelled, "The call was cancelled"),
        _ => new(GatewayErrorKind.Internal, "Internal error"),
    };

    private AuditRecord ToRecord(CallContext context, CallResult result, DateTimeOffset now)
    {
        var arguments = context.Params["arguments"];
        return new AuditRecord
        {
            EventId = Guid.CreateVersion7(now).ToString("N"),
            Time = context.StartedAt,
            RequestId = context.RequestId,
            CorrelationId = context.CorrelationId,
            TraceId = context.TraceId,
            UserId = context.Caller?.UserId ?? "unauthenticated",
            Tenant = context.Caller?.Tenant,
            Roles = context.Caller?.Roles ?? [],
            Client = context.ClientName,
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
            RequestBytes = JsonDigest.Size(context.Params),
            ResponseBytes = result.IsSuccess ? JsonDigest.Size(result.Result) : JsonDigest.Size(result.Error!.Message),
            ArgumentsDigest = arguments is null ? null : JsonDigest.Digest(arguments),
            Arguments = _includeArguments ? arguments?.ToJsonString() : null,
        };
    }
}
