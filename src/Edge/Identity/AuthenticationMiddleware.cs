using McpGateway.Core.Identity;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Identity;

/// <summary>
/// Authenticates every request except the health probes, the protected-resource metadata and the development
/// issuer (which checks its own admin token) and the operator dashboard's static files (which hold no data: the page
/// signs in and reads everything from the admin API). An unauthenticated request gets 401 with a Bearer challenge.
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, ICallerAuthenticator authenticator, ILogger<AuthenticationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments(ProtectedResourceEndpoints.Path) || path.Equals(DevelopmentIssuerEndpoint.Path, StringComparison.Ordinal)
            || Dashboard.DashboardEndpoints.IsAsset(context.Request))
        {
            await next(context);
            return;
        }

        var caller = await authenticator.AuthenticateAsync(context);
        if (caller is null)
        {
            await BearerChallenge.WriteUnauthorizedAsync(context, BearerToken.IsPresented(context.Request));
            return;
        }

        context.SetCaller(caller);
        TraceContext.UserId = caller.UserId;
        using (logger.BeginScope(new Http.LogScope(new KeyValuePair<string, object?>("user_id", caller.UserId))))
        {
            await next(context);
        }
    }
}
