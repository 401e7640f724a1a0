using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>Signs development tokens with <c>JWT_SECRET_KEY</c> and the configured claim names. Development only.</summary>
internal sealed class DevelopmentTokenIssuer(JwtOptions options, TimeProvider time)
{
    public const int DefaultLifetimeSeconds = 3600;

    public const int MaxLifetimeSeconds = 7 * 24 * 3600;

    public bool CanIssue => options.SecretKey is not null && JwsAlgorithms.IsHmac(options.Algorithm);

    public string Issue(string userId, IReadOnlyList<string> roles, string? workspace, string? apiVersion, int expiresInSeconds)
    {
        if (!CanIssue)
        {
            throw new InvalidOperationException("The development issuer needs JWT_SECRET_KEY and an HS algorithm.");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            [options.UserIdClaim] = userId,
            [options.RolesClaim] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]),
            [options.IatClaim] = now,
            ["nbf"] = now,
            [options.ExpClaim] = now + Math.Clamp(expiresInSeconds, 1, MaxLifetimeSeconds),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (workspace is not null)
        {
            payload[options.TenantClaim] = workspace;
        }

        if (apiVersion is not null)
        {
            payload[options.ApiVersionClaim] = apiVersion;
        }

        if (options.Issuer is { } issuer)
        {
            payload["iss"] = issuer;
        }

        if (options.Audience is { } audience)
        {
            payload["aud"] = audience;
        }

        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SecretKey!));
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(payload.ToJsonString(), new SigningCredentials(key, options.Algorithm));
    }
}
