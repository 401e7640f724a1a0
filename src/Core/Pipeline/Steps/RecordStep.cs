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
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                // Cancelled by the client wherever the call was (waiting for a lease, a slot, the backend): answered
                // and recorded as cancelled (-32013), not as an unexpected failure.
                result = CallResult.Failure(Cancelled);
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
            catch (Exception)
            {
                // AuditUnavailableException (or a failing sink, which cannot be trusted with the record either): the
                // caller is not told "done". The remaining sinks (log line, metrics) see what the caller gets.
                result = CallResult.Failure(AuditUnavailable);
                record = record with { Outcome = "error", ErrorKind = AuditUnavailable.Kind.ToString(), ResponseBytes = JsonDigest.Size(AuditUnavailable.Message) };
            }
        }

        return result;
    }

    private static readonly GatewayError Cancelled = new(GatewayErrorKind.Cancelled, "The call was cancelled");

    private static readonly GatewayError AuditUnavailable = new(GatewayErrorKind.AuditUnavailable, "The audit log is unavailable; the call was not served");

    /// <summary>What the record says about a call that ended in an exception (its message is never recorded).</summary>
    private static GatewayError Unexpected(Exception exception) => exception switch
    {
        _ when StoreFailures.IsTransient(exception) => new(GatewayErrorKind.StoreUnavailable, "Store unavailable, retry later"),
        OperationCanceledException => Cancelled,
        _ => new(GatewayErrorKind.Internal, "Internal error"),
    };

    private AuditRecord ToRecord(CallContext context, CallResult result, DateTimeOffset now)
    {
        var request = DescribeRequest(context);
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
            Client = WellFormed(context.ClientName),
            Endpoint = context.Endpoint,
            Scope = WellFormed(context.Scope),
            Method = context.Kind.Method(),
            Name = WellFormed(context.Name)!,
            Backend = context.Target?.Backend,
            Decision = context.Decision?.Name,
            RuleId = context.Decision?.RuleId,
            PolicyVersion = context.Decision?.PolicyVersion,
            Outcome = result.IsSuccess ? (result.IsToolError ? "tool_error" : "success") : "error",
            ErrorKind = result.Error?.Kind.ToString(),
            Reason = result.Error?.Refusal?.Reason,
            LatencyMs = (now - context.StartedAt).TotalMilliseconds,
            RequestBytes = request.Bytes,
            ResponseBytes = ResponseSize(result),
            ArgumentsDigest = request.Digest,
            Arguments = request.Arguments,
        };
    }

    /// <summary>
    /// Size, digest and (when configured) text of the call's params and arguments. Params that cannot be written as
    /// JSON (made in process, not read by the edge's strict reader) fall back to the request's bytes as the edge read
    /// them: their size, and <see cref="JsonDigest.RawDigest"/> over them (no arguments text); without those, no digest.
    /// </summary>
    private (long Bytes, string? Digest, string? Arguments) DescribeRequest(CallContext context)
    {
        try
        {
            var arguments = context.Params["arguments"];
            return (
                JsonDigest.Size(context.Params),
                arguments is null ? null : JsonDigest.Digest(arguments),
                _includeArguments ? arguments?.ToJsonString() : null);
        }
        catch (Exception)
        {
            var body = context.RequestBody;
            return (body.Length, body.IsEmpty ? null : JsonDigest.RawDigest(body.Span), null);
        }
    }

    private static long ResponseSize(CallResult result)
    {
        try
        {
            return result.IsSuccess ? JsonDigest.Size(result.Result) : JsonDigest.Size(result.Error!.Message);
        }
        catch (Exception)
        {
            // A result that cannot be written as JSON (the edge's answer fails too, after this record).
            return 0;
        }
    }

    /// <summary>The text with unpaired UTF-16 surrogates replaced (U+FFFD), so that every sink can encode it.</summary>
    private static string? WellFormed(string? text)
    {
        if (text is null || !text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
