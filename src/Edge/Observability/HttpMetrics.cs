using System.Collections.Concurrent;
using System.Diagnostics;

namespace McpGateway.Edge.Observability;

/// <summary>
/// Counts and times every HTTP request by endpoint (the route pattern, e.g. <c>/{scope}/mcp</c>, or <c>unmatched</c>),
/// HTTP method (a fixed set, see <see cref="MetricLabels.HttpMethod"/>) and status code, so that the label set stays
/// small whatever clients send: <c>mcpgw_http_requests_total</c> and <c>mcpgw_http_request_duration_seconds</c>.
/// </summary>
internal sealed class HttpMetrics
{
    private readonly ConcurrentDictionary<(string Endpoint, string Method, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<(string Endpoint, string Method), CallMetrics.Histogram> _duration = new();

    public IEnumerable<KeyValuePair<(string Endpoint, string Method, int Status), long>> Requests => _requests;

    public IEnumerable<KeyValuePair<(string Endpoint, string Method), CallMetrics.Histogram>> Duration => _duration;

    /// <param name="endpoint">A route pattern or <c>unmatched</c>, never the path as requested.</param>
    /// <param name="method">The request's method as sent; it is labelled by <see cref="MetricLabels.HttpMethod"/>.</param>
    public void Observe(string endpoint, string method, int status, TimeSpan elapsed)
    {
        method = MetricLabels.HttpMethod(method);
        _requests.AddOrUpdate((endpoint, method, status), 1, (_, n) => n + 1);
        _duration.GetOrAdd((endpoint, method), _ => new CallMetrics.Histogram()).Observe(elapsed.TotalSeconds);
    }

    /// <summary>The middleware that feeds it; outermost, so refusals by the other middleware are counted too.</summary>
    internal sealed class Middleware(RequestDelegate next, HttpMetrics metrics)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.Observe(endpoint, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            }
        }
    }
}
