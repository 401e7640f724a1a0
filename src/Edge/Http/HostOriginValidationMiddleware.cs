using McpGateway.Edge.Hosting;
using McpGateway.Edge.Identity;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Http;

/// <summary>
/// DNS-rebinding protection. A node listening on loopback only accepts loopback <c>Host</c> names unless
/// <c>GATEWAY_ALLOWED_HOSTS</c> adds others; a browser <c>Origin</c> must be a loopback origin or listed in
/// <c>GATEWAY_ALLOWED_ORIGINS</c>. Requests without an <c>Origin</c> (non-browser clients) pass the origin check.
/// </summary>
internal sealed class HostOriginValidationMiddleware(RequestDelegate next, GatewayOptions options)
{
    private readonly bool _loopbackOnly = ListenAddresses.AreAllLoopback(options.Urls);
    private readonly HashSet<string> _hosts = new(options.AllowedHosts, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _origins = new(options.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsHostAllowed(context.Request.Host))
        {
            await JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status403Forbidden, null, Mcp.JsonRpcErrors.InvalidRequest, "Forbidden: Host header not allowed");
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsOriginAllowed(origin))
        {
            await JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status403Forbidden, null, Mcp.JsonRpcErrors.InvalidRequest, "Forbidden: Origin not allowed");
            return;
        }

        await next(context);
    }

    private bool IsHostAllowed(HostString host)
    {
        if (_hosts.Contains("*") || _hosts.Contains(host.Value ?? "") || _hosts.Contains(host.Host))
        {
            return true;
        }

        return !_loopbackOnly || ListenAddresses.IsLoopback("http://" + (host.HasValue ? host.Value : "invalid"));
    }

    private bool IsOriginAllowed(string origin) =>
        _origins.Contains("*") || _origins.Contains(origin.TrimEnd('/')) || ListenAddresses.IsLoopback(origin);
}
