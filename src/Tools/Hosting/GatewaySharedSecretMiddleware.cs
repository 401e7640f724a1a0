using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace McpGateway.Tools.Hosting;

/// <summary>
/// Rejects (401) requests that do not carry the gateway's shared secret in <c>X-Gateway-Auth</c>
/// (or the configured header). Exempt paths (health) pass through.
/// </summary>
public sealed class GatewaySharedSecretMiddleware
{
    /// <summary>Default header carrying the shared secret.</summary>
    public const string DefaultHeaderName = "X-Gateway-Auth";

    private readonly RequestDelegate _next;
    private readonly byte[] _secret;
    private readonly string _headerName;
    private readonly PathString[] _exemptPaths;

    public GatewaySharedSecretMiddleware(RequestDelegate next, string secret, string headerName, PathString[] exemptPaths)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _next = next;
        _secret = Encoding.UTF8.GetBytes(secret);
        _headerName = headerName;
        _exemptPaths = exemptPaths;
    }

    public Task InvokeAsync(HttpContext context)
    {
        foreach (var exempt in _exemptPaths)
        {
            if (context.Request.Path.Equals(exempt, StringComparison.OrdinalIgnoreCase))
            {
                return _next(context);
            }
        }

        if (IsAuthorized(context.Request.Headers[_headerName].ToString()))
        {
            return _next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"error\":\"unauthorized\"}");
    }

    private bool IsAuthorized(string presented)
    {
        if (presented.Length == 0)
        {
            return false;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(presented.Length);
        Span<byte> buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(presented, buffer);
        return CryptographicOperations.FixedTimeEquals(buffer[..length], _secret);
    }
}
