using McpGateway.Edge.Http;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Identity;

/// <summary>Authenticates every request except the health probes; an unauthenticated request gets 401.</summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, ICallerAuthenticator authenticator, ILogger<AuthenticationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }

        var caller = await authenticator.AuthenticateAsync(context);
        if (caller is null)
        {
            await JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, null, -32030, "Unauthorized");
            return;
        }

        context.SetCaller(caller);
        using (logger.BeginScope(new Dictionary<string, object> { ["user_id"] = caller.UserId }))
        {
            await next(context);
        }
    }
}
