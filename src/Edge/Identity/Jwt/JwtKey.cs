using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// One verification key as IdentityModel's <see cref="SecurityKey"/> (an HMAC secret, an RSA or an EC public key),
/// with the JWK <c>kid</c> and <c>alg</c> that decide which tokens it may verify.
/// </summary>
internal sealed class JwtKey
{
    private JwtKey(string keyType, string? kid, string? alg, SecurityKey key, int secretBytes = 0, string? curve = null)
    {
        KeyType = keyType;
        KeyId = kid;
        Algorithm = alg;
        Key = key;
        SecretBytes = secretBytes;
        Curve = curve;
        Key.KeyId = kid;
    }

    /// <summary><c>oct</c>, <c>RSA</c> or <c>EC</c>.</summary>
    public string KeyType { get; }

    public string? KeyId { get; }

    /// <summary>The JWK's <c>alg</c>: when set, the only algorithm this key verifies.</summary>
    public string? Algorithm { get; }

    /// <summary>The key handed to <c>JsonWebTokenHandler</c>.</summary>
    public SecurityKey Key { get; }

    /// <summary>The EC curve (<c>P-256</c>, <c>P-384</c>, <c>P-521</c>).</summary>
    public string? Curve { get; }

    private int SecretBytes { get; }

    public static JwtKey ForSecret(byte[] secret, string? kid = null, string? alg = null) => new("oct", kid, alg, new SymmetricSecurityKey(secret), secretBytes: secret.Length);

    public static JwtKey ForRsa(RSA rsa, string? kid, string? alg) => new("RSA", kid, alg, new RsaSecurityKey(rsa));

    public static JwtKey ForEc(ECDsa ec, string curve, string? kid, string? alg) => new("EC", kid, alg, new ECDsaSecurityKey(ec), curve: curve);

    /// <summary>True when this key may verify <paramref name="alg"/>: same family, same curve, long enough; no HS/RS confusion.</summary>
    public bool Fits(string alg) =>
        KeyType == JwsAlgorithms.KeyType(alg)
        && (Algorithm is null || Algorithm == alg)
        && KeyType switch
        {
            "oct" => SecretBytes >= JwsAlgorithms.HashBytes(alg),
            "EC" => Curve == JwsAlgorithms.Curve(alg),
            _ => true,
        };
}
