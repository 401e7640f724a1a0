using McpGateway.Core.Identity;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Http;

/// <summary>
/// Gives every request a request id and a correlation id (the W3C trace id when the caller sent <c>traceparent</c>,
/// else <c>X-Correlation-ID</c>, else a new one) and puts both on every log line written while serving it. The caller's
/// trace context is passed on to the backends called on its behalf.
/// </summary>
internal sealed class RequestContextMiddleware(RequestDelegate next, ILogger<RequestContextMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Guid.CreateVersion7().ToString("N");
        var traceparent = context.Request.Headers.TraceParent.ToString();
        var traceId = TraceContext.TraceId(traceparent);
        if (traceId is not null)
        {
            var tracestate = context.Request.Headers.TraceState.ToString();
            TraceContext.Current = (traceparent, tracestate.Length is > 0 and <= 512 ? tracestate : null);
        }

        var correlationId = traceId
            ?? (context.Request.Headers[McpHeaders.CorrelationId].ToString() is { Length: > 0 and <= 128 } given ? given : requestId);
        context.SetIds(requestId, correlationId);
        context.Response.Headers[McpHeaders.RequestId] = requestId;
        using (logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))
        {
            await next(context);
        }
    }
}
