using McpGateway.Core.Identity;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>Validates one bearer token end to end: shape and header, key, signature, claims.</summary>
internal sealed class JwtTokenValidator(JwtOptions options, IJwtKeyProvider keys, TimeProvider time)
{
    private readonly JwtClaimsValidator _claims = new(options, time);

    public async ValueTask<(CallerIdentity? Caller, JwtFailure Failure)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var failure = JwsToken.TryParse(token, options.MaxTokenBytes, options.AllowedAlgorithms, out var jws);
        if (failure != JwtFailure.None)
        {
            return (null, failure);
        }

        var available = await keys.GetKeysAsync(jws!.KeyId, cancellationToken);
        var candidates = available.Where(k => jws.KeyId is null || k.KeyId is null || k.KeyId == jws.KeyId).ToList();
        if (candidates.Count == 0)
        {
            return (null, available.Count == 0 ? JwtFailure.KeysUnavailable : JwtFailure.NoMatchingKey);
        }

        var fitting = candidates.Where(k => k.Fits(jws.Algorithm)).ToList();
        if (fitting.Count == 0)
        {
            return (null, JwtFailure.KeyMismatch);
        }

        if (!fitting.Any(k => JwsSignature.Verify(jws, k)))
        {
            return (null, JwtFailure.BadSignature);
        }

        failure = _claims.Validate(jws.Payload, out var caller);
        return (caller, failure);
    }
}
