using McpGateway.Core.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// Validates one bearer token end to end: our header rules (<see cref="JwsHeader"/>), the keys for its <c>kid</c>
/// and algorithm, then IdentityModel's <see cref="JsonWebTokenHandler"/> for the signature, the algorithm allow-list,
/// issuer, audience and lifetime (with the clock skew), and last our claim rules (<see cref="JwtClaimsValidator"/>:
/// token age, configured claim names, API version, the caller's identity).
/// </summary>
internal sealed class JwtTokenValidator(JwtOptions options, IJwtKeyProvider keys, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly JwtClaimsValidator _claims = new(options, time);

    private readonly LifetimeValidator _lifetime = JwtLifetime.Validator(time);

    public async ValueTask<(CallerIdentity? Caller, JwtFailure Failure)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var failure = JwsHeader.TryParse(token, options.MaxTokenBytes, options.AllowedAlgorithms, out var header);
        if (failure != JwtFailure.None)
        {
            return (null, failure);
        }

        var available = await keys.GetKeysAsync(header!.KeyId, cancellationToken);
        var candidates = available.Where(k => header.KeyId is null || k.KeyId is null || k.KeyId == header.KeyId).ToList();
        if (candidates.Count == 0)
        {
            return (null, available.Count == 0 ? JwtFailure.KeysUnavailable : JwtFailure.NoMatchingKey);
        }

        var fitting = candidates.Where(k => k.Fits(header.Algorithm)).Select(k => k.Key).ToList();
        if (fitting.Count == 0)
        {
            return (null, JwtFailure.KeyMismatch);
        }

        var result = await Handler.ValidateTokenAsync(token, Parameters(fitting));
        if (!result.IsValid)
        {
            return (null, Reason(result.Exception));
        }

        failure = _claims.Validate(header.Payload, out var caller);
        return (caller, failure);
    }

    /// <summary>
    /// What the handler checks, with exactly the keys we chose: no configuration manager and no metadata address (it
    /// never fetches anything), no fallback to other keys, no trailing-slash leniency on the audience; the lifetime
    /// with the skew by our documented rule on the gateway's clock (<see cref="JwtLifetime"/>). With a custom expiry
    /// claim name (<c>JWT_EXP_CLAIM</c>) the handler leaves the lifetime to <see cref="JwtClaimsValidator"/>.
    /// </summary>
    private TokenValidationParameters Parameters(IReadOnlyList<SecurityKey> signingKeys)
    {
        var standardTimes = options.ExpClaim == "exp";
        return new TokenValidationParameters
        {
            ValidAlgorithms = options.AllowedAlgorithms,
            IssuerSigningKeyResolver = (_, _, _, _) => signingKeys,
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            ValidateIssuer = options.Issuer is not null,
            ValidIssuer = options.Issuer,
            ValidateAudience = options.Audience is not null,
            ValidAudience = options.Audience,
            IgnoreTrailingSlashWhenValidatingAudience = false,
            ValidateLifetime = standardTimes,
            RequireExpirationTime = standardTimes,
            ClockSkew = options.ClockSkew,
            LifetimeValidator = standardTimes ? _lifetime : null,
            ValidateTokenReplay = false,
            SaveSigninToken = false,
        };
    }

    private static JwtFailure Reason(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAlgorithmException => JwtFailure.AlgorithmNotAllowed,
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => JwtFailure.BadSignature,
        SecurityTokenExpiredException => JwtFailure.Expired,
        SecurityTokenNotYetValidException => JwtFailure.NotYetValid,
        SecurityTokenNoExpirationException => JwtFailure.MissingClaim,
        SecurityTokenInvalidIssuerException => JwtFailure.WrongIssuer,
        SecurityTokenInvalidAudienceException => JwtFailure.WrongAudience,
        _ => JwtFailure.Malformed,
    };
}
