using System.Diagnostics;
using McpGateway.Core.Identity;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// Sends the W3C trace context (the handler's own Activity propagation is off): the gateway's span for the call when
/// tracing is on and the call is sampled, else the caller's <c>traceparent</c>/<c>tracestate</c> unchanged; and the caller's user id
/// (<c>X-User-ID</c>, percent-encoded when it is not a plain header value) and the gateway's request id
/// (<c>X-Request-ID</c>) to HTTP backends. Never the caller's token.
/// </summary>
internal sealed class TraceContextHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string UserIdHeader = "X-User-ID";
    public const string RequestIdHeader = "X-Request-ID";

    /// <summary>The activity sources whose spans are exported when tracing is on (the gateway's and ASP.NET Core's).</summary>
    private static readonly HashSet<string> Traced = ["McpGateway", "Microsoft.AspNetCore"];

    private static bool IsPlain(string value) => value.All(c => c is > ' ' and < (char)127);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true, Id: { } id } activity && Traced.Contains(activity.Source.Name))
        {
            // Tracing is on: the backend's spans become children of the gateway's span for the call.
            request.Headers.TryAddWithoutValidation("traceparent", id);
            if ((activity.TraceStateString ?? TraceContext.Current?.State) is { } traceState)
            {
                request.Headers.TryAddWithoutValidation("tracestate", traceState);
            }
        }
        else if (TraceContext.Current is { } trace)
        {
            request.Headers.TryAddWithoutValidation("traceparent", trace.Parent);
            if (trace.State is { } state)
            {
                request.Headers.TryAddWithoutValidation("tracestate", state);
            }
        }

        if (TraceContext.RequestId is { Length: > 0 } requestId)
        {
            request.Headers.Remove(RequestIdHeader);
            request.Headers.TryAddWithoutValidation(RequestIdHeader, requestId);
        }

        if (TraceContext.UserId is { Length: > 0 } userId)
        {
            request.Headers.Remove(UserIdHeader);
            request.Headers.TryAddWithoutValidation(UserIdHeader, IsPlain(userId) ? userId : Uri.EscapeDataString(userId));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
