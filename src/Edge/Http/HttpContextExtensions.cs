using McpGateway.Core.Identity;

namespace McpGateway.Edge.Http;

/// <summary>What the gateway's middleware establishes for every request.</summary>
internal static class HttpContextExtensions
{
    private static readonly object CallerKey = new();
    private static readonly object RequestIdKey = new();
    private static readonly object CorrelationIdKey = new();
    private static readonly object TraceIdKey = new();

    public static CallerIdentity GetCaller(this HttpContext context) =>
        context.Items[CallerKey] as CallerIdentity ?? throw new InvalidOperationException("The request was not authenticated.");

    public static void SetCaller(this HttpContext context, CallerIdentity caller) => context.Items[CallerKey] = caller;

    public static string GetRequestId(this HttpContext context) => (string)context.Items[RequestIdKey]!;

    public static string GetCorrelationId(this HttpContext context) => (string)context.Items[CorrelationIdKey]!;

    /// <summary>The W3C trace id the request is served under (the caller's, or the gateway's own span's), when there is one.</summary>
    public static string? GetTraceId(this HttpContext context) => context.Items[TraceIdKey] as string;

    public static void SetIds(this HttpContext context, string requestId, string correlationId, string? traceId = null)
    {
        context.Items[RequestIdKey] = requestId;
        context.Items[CorrelationIdKey] = correlationId;
        context.Items[TraceIdKey] = traceId;
    }
}
