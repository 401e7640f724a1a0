using System.Text.Json;
using McpGateway.Core.Identity;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// Checks the claims of a token the handler has verified, for what <c>TokenValidationParameters</c> cannot say:
/// NumericDate claims that are numbers (under the configured names <c>JWT_EXP_CLAIM</c>/<c>JWT_IAT_CLAIM</c>, with
/// the clock skew; expiry at exactly <c>exp + skew</c> already refused), a maximum token age, the API version, the
/// subject; then maps them to a <see cref="CallerIdentity"/>. Issuer and audience are the handler's.
/// </summary>
internal sealed class JwtClaimsValidator(JwtOptions options, TimeProvider time)
{
    public JwtFailure Validate(byte[] payload, out CallerIdentity? caller)
    {
        caller = null;
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 16 });
            var claims = document.RootElement;
            if (claims.ValueKind != JsonValueKind.Object)
            {
                return JwtFailure.Malformed;
            }

            var failure = CheckTimes(claims);
            if (failure != JwtFailure.None)
            {
                return failure;
            }

            if (options.AllowedApiVersions.Count > 0
                && !(claims.TryGetProperty(options.ApiVersionClaim, out var version) && version.ValueKind == JsonValueKind.String
                     && options.AllowedApiVersions.Contains(version.GetString()!, StringComparer.Ordinal)))
            {
                return JwtFailure.ApiVersionNotAllowed;
            }

            if (!claims.TryGetProperty(options.UserIdClaim, out var user) || user.ValueKind != JsonValueKind.String || user.GetString() is not { Length: > 0 and <= 256 } userId)
            {
                return JwtFailure.MissingClaim;
            }

            var tenant = claims.TryGetProperty(options.TenantClaim, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            IReadOnlyList<string> scopes = [.. Strings(claims, "scope").Concat(Strings(claims, "scp")).Distinct(StringComparer.Ordinal)];
            caller = new CallerIdentity(userId, Strings(claims, options.RolesClaim), tenant, scopes, IsAnonymous: false);
            return JwtFailure.None;
        }
        catch (JsonException)
        {
            return JwtFailure.Malformed;
        }
    }

    private JwtFailure CheckTimes(JsonElement claims)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)options.ClockSkew.TotalSeconds;
        if (claims.TryGetProperty("nbf", out _) && Seconds(claims, "nbf") is null)
        {
            return JwtFailure.NotYetValid;
        }

        var lifetime = JwtLifetime.Check(now, skew, Seconds(claims, options.ExpClaim), Seconds(claims, "nbf"));
        if (lifetime != JwtFailure.None)
        {
            return lifetime;
        }

        var iat = Seconds(claims, options.IatClaim);
        if (claims.TryGetProperty(options.IatClaim, out _) && iat is null)
        {
            return JwtFailure.Malformed;
        }

        if (iat is { } issued && now + skew < issued)
        {
            return JwtFailure.IssuedInFuture;
        }

        if (options.MaxTokenAge > TimeSpan.Zero)
        {
            if (iat is not { } issuedAt)
            {
                return JwtFailure.MissingClaim;
            }

            if (now - issuedAt > (long)options.MaxTokenAge.TotalSeconds + skew)
            {
                return JwtFailure.TooOld;
            }
        }

        return JwtFailure.None;
    }

    /// <summary>A NumericDate: a JSON number of seconds (fractions dropped); anything else is not one.</summary>
    private static long? Seconds(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            && double.IsFinite(seconds) && Math.Abs(seconds) < 1e11
            ? (long)Math.Floor(seconds)
            : null;

    /// <summary>A string claim split on spaces and commas, or an array of strings.</summary>
    private static IReadOnlyList<string> Strings(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries),
            JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(s => s.Length > 0)],
            _ => [],
        };
    }
}
