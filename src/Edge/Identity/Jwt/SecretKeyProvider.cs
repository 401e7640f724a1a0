using System.Text;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>The one HMAC key of <c>JWT_SECRET_KEY</c>; a token's <c>kid</c> is never used to look anything up.</summary>
internal sealed class SecretKeyProvider(string secret) : IJwtKeyProvider
{
    private readonly IReadOnlyList<JwtKey> _keys = [JwtKey.ForSecret(Encoding.UTF8.GetBytes(secret))];

    public ValueTask<IReadOnlyList<JwtKey>> GetKeysAsync(string? kid, CancellationToken cancellationToken) => ValueTask.FromResult(_keys);
}
