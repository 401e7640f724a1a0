using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// The documented lifetime rule, in whole seconds with the clock skew on both sides: refused from <c>exp + skew</c> on,
/// and while <c>now + skew &lt; nbf</c>. A token whose <c>nbf</c> lies after its <c>exp</c> but is accepted by both
/// rules passes. It is the <c>LifetimeValidator</c> given to <c>JsonWebTokenHandler</c> (whose built-in check refuses
/// <c>nbf</c> after <c>exp</c>, accepts the second <c>exp + skew</c> itself and reads only the system clock), and
/// <see cref="JwtClaimsValidator"/> applies it to the configured claim names.
/// </summary>
internal static class JwtLifetime
{
    public static JwtFailure Check(long now, long skewSeconds, long? exp, long? nbf)
    {
        if (exp is not { } expires)
        {
            return JwtFailure.MissingClaim;
        }

        if (now >= expires + skewSeconds)
        {
            return JwtFailure.Expired;
        }

        return nbf is { } notBefore && now + skewSeconds < notBefore ? JwtFailure.NotYetValid : JwtFailure.None;
    }

    /// <summary>The rule as the handler's <see cref="LifetimeValidator"/>, on <paramref name="time"/>; throws the handler's own exception types.</summary>
    public static LifetimeValidator Validator(TimeProvider time) => (notBefore, expires, _, parameters) =>
        Check(time.GetUtcNow().ToUnixTimeSeconds(), (long)parameters.ClockSkew.TotalSeconds, Seconds(expires), Seconds(notBefore)) switch
        {
            JwtFailure.None => true,
            JwtFailure.Expired => throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires!.Value },
            JwtFailure.NotYetValid => throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = notBefore!.Value },
            _ => throw new SecurityTokenNoExpirationException("The token has no expiry."),
        };

    private static long? Seconds(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeSeconds() : null;
}
