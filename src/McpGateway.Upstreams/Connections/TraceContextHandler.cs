using McpGateway.Core.Identity;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// Sends the caller's W3C trace context (the handler's own Activity propagation is off) and the caller's user id
/// (<c>X-User-ID</c>, percent-encoded when it is not a plain header value) to HTTP backends. Never the caller's token.
/// </summary>
internal sealed class TraceContextHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string UserIdHeader = "X-User-ID";

    private static bool IsPlain(string value) => value.All(c => c is > ' ' and < (char)127);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (TraceContext.Current is { } trace)
        {
            request.Headers.TryAddWithoutValidation("traceparent", trace.Parent);
            if (trace.State is { } state)
            {
                request.Headers.TryAddWithoutValidation("tracestate", state);
            }
        }

        if (TraceContext.UserId is { Length: > 0 } userId)
        {
            request.Headers.Remove(UserIdHeader);
            request.Headers.TryAddWithoutValidation(UserIdHeader, IsPlain(userId) ? userId : Uri.EscapeDataString(userId));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
