using McpGateway.Edge.Health;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Http;

/// <summary>
/// While the node drains (after SIGTERM) it takes no new calls: every request except health and metrics is answered
/// 503 with <c>Retry-After</c>, so that clients and the load balancer go to another node. Requests already being
/// served are not affected: they finish within <c>GATEWAY_SHUTDOWN_TIMEOUT_SECONDS</c>.
/// </summary>
internal sealed class DrainMiddleware(RequestDelegate next, ReadinessState readiness)
{
    /// <summary>Seconds a refused client should wait before retrying (on any node).</summary>
    public const int RetryAfterSeconds = 1;

    public Task InvokeAsync(HttpContext context)
    {
        if (!readiness.IsStopping || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            return next(context);
        }

        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.Connection = "close";
        return JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, null, Mcp.JsonRpcErrors.BackendUnavailable, "Service Unavailable: this node is shutting down; retry (any node)");
    }
}
