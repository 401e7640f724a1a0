using McpGateway.Core.Identity;

namespace McpGateway.Upstreams.Connections;

/// <summary>Sends the caller's W3C trace context to HTTP backends (the handler's own Activity propagation is off).</summary>
internal sealed class TraceContextHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
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

        return base.SendAsync(request, cancellationToken);
    }
}
