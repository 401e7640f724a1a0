using Microsoft.AspNetCore.Http;

namespace McpGateway.Tools.Conformance;

/// <summary>
/// DNS-rebinding protection of a local server without TLS or authentication: requests whose <c>Host</c> or
/// <c>Origin</c> names anything but localhost, 127.0.0.1 or [::1] are refused with 403.
/// </summary>
public static class LocalhostGuard
{
    public static Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (!IsLocal(http.Request.Host.Host) || (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLocal(uri.Host))))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return http.Response.WriteAsJsonAsync(new { jsonrpc = "2.0", id = (object?)null, error = new { code = -32600, message = "Forbidden: Host and Origin must be localhost" } });
        }

        return next();
    }

    private static bool IsLocal(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1";
}
