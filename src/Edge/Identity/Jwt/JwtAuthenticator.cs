using McpGateway.Core.Identity;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// Auth mode <c>jwt</c>: the caller is the subject of a valid <c>Authorization: Bearer</c> token. Tokens anywhere
/// else (query string, cookies) are ignored. Failures are logged by reason, never with the token.
/// </summary>
internal sealed partial class JwtAuthenticator(JwtTokenValidator validator, ILogger<JwtAuthenticator> logger) : ICallerAuthenticator
{
    public async ValueTask<CallerIdentity?> AuthenticateAsync(HttpContext context)
    {
        if (BearerToken.From(context.Request) is not { } token)
        {
            return null;
        }

        var (caller, failure) = await validator.ValidateAsync(token, context.RequestAborted);
        if (failure != JwtFailure.None)
        {
            LogRejected(failure);
            return null;
        }

        return caller;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Bearer token rejected: {Reason}")]
    private partial void LogRejected(JwtFailure reason);
}
