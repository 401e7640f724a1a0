namespace McpGateway.Edge.Identity.Jwt;

/// <summary>JWT bearer settings (the <c>JWT_*</c> environment variables), read once at startup.</summary>
public sealed record JwtOptions
{
    /// <summary>The secret of the built-in development configuration; refused outside Development.</summary>
    public const string DevelopmentSecret = "mcpgw-development-secret-do-not-use-in-production-0123456789";

    /// <summary>Shortest accepted HMAC secret in bytes.</summary>
    public const int MinimumSecretBytes = 32;

    /// <summary>HMAC secret (<c>JWT_SECRET_KEY</c>); null when keys come from <see cref="JwksUrl"/> only.</summary>
    public string? SecretKey { get; init; }

    /// <summary>True when <see cref="SecretKey"/> is the built-in development secret.</summary>
    public bool UsesDevelopmentSecret => SecretKey == DevelopmentSecret;

    /// <value><c>JWT_ALGORITHM</c>, default HS256: the algorithm of issued tokens.</value>
    public string Algorithm { get; init; } = "HS256";

    /// <value><c>JWT_ALLOWED_ALGORITHMS</c>, default just <see cref="Algorithm"/>.</value>
    public IReadOnlyList<string> AllowedAlgorithms { get; init; } = ["HS256"];

    /// <summary>Required <c>iss</c> when set (<c>JWT_ISSUER</c>).</summary>
    public string? Issuer { get; init; }

    /// <summary>Required <c>aud</c> when set (<c>JWT_AUDIENCE</c>).</summary>
    public string? Audience { get; init; }

    /// <value><c>JWT_MAX_TOKEN_AGE_MINUTES</c>, default 1440; zero disables the age check.</value>
    public TimeSpan MaxTokenAge { get; init; } = TimeSpan.FromMinutes(1440);

    /// <value><c>JWT_CLOCK_SKEW_SECONDS</c>, default 30.</value>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>JWKS document with the RS/PS/ES keys (<c>JWT_JWKS_URL</c>).</summary>
    public Uri? JwksUrl { get; init; }

    /// <value>Shortest time between two JWKS fetches caused by unknown key ids, default 30 s.</value>
    public TimeSpan JwksRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <value>Age after which the JWKS is fetched again in the background, default 10 minutes.</value>
    public TimeSpan JwksCacheLifetime { get; init; } = TimeSpan.FromMinutes(10);

    public string UserIdClaim { get; init; } = "sub";

    public string ExpClaim { get; init; } = "exp";

    public string IatClaim { get; init; } = "iat";

    public string TenantClaim { get; init; } = "workspace";

    public string RolesClaim { get; init; } = "roles";

    /// <summary>Claim carrying the API version (<c>JWT_API_VERSION_CLAIM</c>); checked when <see cref="AllowedApiVersions"/> is set.</summary>
    public string ApiVersionClaim { get; init; } = "api_version";

    public IReadOnlyList<string> AllowedApiVersions { get; init; } = [];

    /// <value>Largest accepted token, 8 KB.</value>
    public int MaxTokenBytes { get; init; } = 8 * 1024;

    /// <summary>Admin token guarding the development issuer (<c>JWT_ISSUER_ADMIN_TOKEN</c>); null: issuer off.</summary>
    public string? IssuerAdminToken { get; init; }

    /// <summary>True when the admin token was generated at startup (printed in the banner).</summary>
    public bool IssuerAdminTokenGenerated { get; init; }

    /// <summary>Authorization servers named in the protected-resource metadata (<c>GATEWAY_AUTHORIZATION_SERVERS</c>).</summary>
    public IReadOnlyList<string> AuthorizationServers { get; init; } = [];

    /// <summary><c>scopes_supported</c> of the protected-resource metadata (<c>GATEWAY_SCOPES_SUPPORTED</c>).</summary>
    public IReadOnlyList<string> ScopesSupported { get; init; } = [];

    public override string ToString() =>
        $"JwtOptions {{ Algorithm = {Algorithm}, AllowedAlgorithms = {string.Join(",", AllowedAlgorithms)}, Issuer = {Issuer}, Audience = {Audience}, JwksUrl = {JwksUrl}, SecretKey = {(SecretKey is null ? "(none)" : "[redacted]")} }}";
}
