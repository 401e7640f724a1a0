using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// Reads <see cref="JwtOptions"/> from the environment and checks them, collecting every error. Development gets a
/// built-in secret and an issuer with a generated admin token; production refuses both.
/// </summary>
internal static class JwtOptionsReader
{
    public static JwtOptions Read(Func<string, string?> environment, bool jwtMode, bool isDevelopment, List<string> errors)
    {
        var defaults = new JwtOptions();
        string? Text(string name) => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        static IReadOnlyList<string> List(string? text) =>
            string.IsNullOrWhiteSpace(text) ? [] : text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        double Number(string name, double fallback, double min, double max)
        {
            var text = Text(name);
            if (text is null)
            {
                return fallback;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            errors.Add($"{name}: '{text}' is not a number from {min} to {max}");
            return fallback;
        }

        var secret = environment("JWT_SECRET_KEY") is { Length: > 0 } s ? s : null;
        var jwks = Text("JWT_JWKS_URL");
        var adminToken = environment("JWT_ISSUER_ADMIN_TOKEN") is { Length: > 0 } a ? a : null;
        var generated = false;
        if (isDevelopment && jwtMode && secret is null && jwks is null)
        {
            secret = JwtOptions.DevelopmentSecret;
            if (adminToken is null)
            {
                adminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
                generated = true;
            }
        }

        var algorithm = Text("JWT_ALGORITHM") ?? defaults.Algorithm;
        var options = new JwtOptions
        {
            SecretKey = secret,
            Algorithm = algorithm,
            AllowedAlgorithms = Text("JWT_ALLOWED_ALGORITHMS") is { } allowed ? List(allowed) : [algorithm],
            Issuer = Text("JWT_ISSUER"),
            Audience = Text("JWT_AUDIENCE"),
            MaxTokenAge = TimeSpan.FromMinutes(Number("JWT_MAX_TOKEN_AGE_MINUTES", defaults.MaxTokenAge.TotalMinutes, 0, 525600)),
            ClockSkew = TimeSpan.FromSeconds(Number("JWT_CLOCK_SKEW_SECONDS", defaults.ClockSkew.TotalSeconds, 0, 3600)),
            JwksUrl = jwks is not null && Uri.TryCreate(jwks, UriKind.Absolute, out var url) ? url : null,
            UserIdClaim = Text("JWT_USER_ID_CLAIM") ?? defaults.UserIdClaim,
            ExpClaim = Text("JWT_EXP_CLAIM") ?? defaults.ExpClaim,
            IatClaim = Text("JWT_IAT_CLAIM") ?? defaults.IatClaim,
            TenantClaim = Text("JWT_TENANT_CLAIM") ?? defaults.TenantClaim,
            RolesClaim = Text("JWT_ROLES_CLAIM") ?? defaults.RolesClaim,
            ApiVersionClaim = Text("JWT_API_VERSION_CLAIM") ?? defaults.ApiVersionClaim,
            AllowedApiVersions = List(Text("JWT_ALLOWED_API_VERSIONS")),
            IssuerAdminToken = isDevelopment ? adminToken : null,
            IssuerAdminTokenGenerated = generated,
            AuthorizationServers = List(Text("GATEWAY_AUTHORIZATION_SERVERS")),
            ScopesSupported = List(Text("GATEWAY_SCOPES_SUPPORTED")),
        };

        if (!jwtMode)
        {
            return options;
        }

        foreach (var alg in options.AllowedAlgorithms.Append(options.Algorithm))
        {
            if (!JwsAlgorithms.IsSupported(alg))
            {
                errors.Add($"JWT_ALLOWED_ALGORITHMS / JWT_ALGORITHM: '{alg}' is not one of {string.Join(", ", JwsAlgorithms.All)}");
            }
        }

        if (jwks is not null && (options.JwksUrl is null || options.JwksUrl.Scheme is not ("http" or "https")))
        {
            errors.Add($"JWT_JWKS_URL: '{jwks}' is not an http or https URL");
        }

        var usesHmac = options.AllowedAlgorithms.Any(JwsAlgorithms.IsHmac);
        var usesAsymmetric = options.AllowedAlgorithms.Any(a => JwsAlgorithms.IsSupported(a) && !JwsAlgorithms.IsHmac(a));
        if (usesHmac && usesAsymmetric)
        {
            errors.Add("JWT_ALLOWED_ALGORITHMS: HMAC (HS*) and public-key algorithms cannot be allowed together (algorithm confusion)");
        }

        if (usesHmac && secret is null)
        {
            errors.Add("JWT_SECRET_KEY: required for HS256/HS384/HS512 (GATEWAY_AUTH_MODE=jwt); set it to a random secret of at least 32 bytes");
        }
        else if (secret is not null && Encoding.UTF8.GetByteCount(secret) < JwtOptions.MinimumSecretBytes)
        {
            errors.Add($"JWT_SECRET_KEY: too short ({Encoding.UTF8.GetByteCount(secret)} bytes); use at least {JwtOptions.MinimumSecretBytes} random bytes");
        }
        else if (secret is not null && options.AllowedAlgorithms.Where(JwsAlgorithms.IsHmac).Select(JwsAlgorithms.HashBytes).DefaultIfEmpty(0).Max() is var needed
            && Encoding.UTF8.GetByteCount(secret) < needed)
        {
            errors.Add($"JWT_SECRET_KEY: shorter than the hash of the allowed HS algorithms; use at least {needed} bytes");
        }

        if (usesAsymmetric && options.JwksUrl is null)
        {
            errors.Add("JWT_JWKS_URL: required for RS*/PS*/ES* algorithms");
        }

        if (!isDevelopment && options.UsesDevelopmentSecret)
        {
            errors.Add("JWT_SECRET_KEY: the built-in development secret is refused outside Development (ASPNETCORE_ENVIRONMENT); set your own secret");
        }

        if (!isDevelopment && adminToken is not null)
        {
            errors.Add("JWT_ISSUER_ADMIN_TOKEN: the development token issuer (POST /token) is refused outside Development (ASPNETCORE_ENVIRONMENT); unset it");
        }

        if (options.IssuerAdminToken is { } token && !generated && Encoding.UTF8.GetByteCount(token) < 16)
        {
            errors.Add("JWT_ISSUER_ADMIN_TOKEN: too short; use at least 16 characters");
        }

        return options;
    }
}
