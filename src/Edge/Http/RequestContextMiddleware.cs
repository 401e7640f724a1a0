using System.Diagnostics;
using McpGateway.Core.Identity;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Http;

/// <summary>
/// Gives every request a request id and a correlation id (the W3C trace id when the caller sent <c>traceparent</c>,
/// else <c>X-Correlation-ID</c>, else a new one) and puts them, with the trace id, on every log line written while
/// serving it. The caller's trace context and the request id are passed on to the backends called on its behalf.
/// </summary>
internal sealed class RequestContextMiddleware(RequestDelegate next, ILogger<RequestContextMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Guid.CreateVersion7().ToString("N");
        var traceparent = context.Request.Headers.TraceParent.ToString();
        var callerTraceId = TraceContext.TraceId(traceparent);
        if (callerTraceId is not null)
        {
            var tracestate = context.Request.Headers.TraceState.ToString();
            TraceContext.Current = (traceparent, tracestate.Length is > 0 and <= 512 ? tracestate : null);
        }

        TraceContext.RequestId = requestId;

        // With tracing on, the request's span carries the caller's trace id, or starts a trace of its own.
        var traceId = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : callerTraceId;
        var correlationId = callerTraceId
            ?? (context.Request.Headers[McpHeaders.CorrelationId].ToString() is { Length: > 0 and <= 128 } given ? given : requestId);
        context.SetIds(requestId, correlationId, traceId);
        context.Response.Headers[McpHeaders.RequestId] = requestId;
        var scope = traceId is null
            ? new LogScope(new("request_id", requestId), new("correlation_id", correlationId))
            : new LogScope(new("request_id", requestId), new("correlation_id", correlationId), new("trace_id", traceId));
        using (logger.BeginScope(scope))
        {
            await next(context);
        }
    }
}
