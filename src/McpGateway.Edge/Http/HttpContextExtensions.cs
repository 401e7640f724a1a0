using McpGateway.Core.Identity;

namespace McpGateway.Edge.Http;

/// <summary>What the gateway's middleware establishes for every request.</summary>
internal static class HttpContextExtensions
{
    private static readonly object CallerKey = new();
    private static readonly object RequestIdKey = new();
    private static readonly object CorrelationIdKey = new();

    public static CallerIdentity GetCaller(this HttpContext context) =>
        context.Items[CallerKey] as CallerIdentity ?? throw new InvalidOperationException("The request was not authenticated.");

    public static void SetCaller(this HttpContext context, CallerIdentity caller) => context.Items[CallerKey] = caller;

    public static string GetRequestId(this HttpContext context) => (string)context.Items[RequestIdKey]!;

    public static string GetCorrelationId(this HttpContext context) => (string)context.Items[CorrelationIdKey]!;

    public static void SetIds(this HttpContext context, string requestId, string correlationId)
    {
        context.Items[RequestIdKey] = requestId;
        context.Items[CorrelationIdKey] = correlationId;
    }
}
