using System.Security.Cryptography;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>One verification key: an HMAC secret, an RSA or an EC public key, with its JWK <c>kid</c> and <c>alg</c>.</summary>
internal sealed class JwtKey
{
    private JwtKey(string keyType, string? kid, string? alg)
    {
        KeyType = keyType;
        KeyId = kid;
        Algorithm = alg;
    }

    /// <summary><c>oct</c>, <c>RSA</c> or <c>EC</c>.</summary>
    public string KeyType { get; }

    public string? KeyId { get; }

    /// <summary>The JWK's <c>alg</c>: when set, the only algorithm this key verifies.</summary>
    public string? Algorithm { get; }

    public byte[]? Secret { get; private init; }

    public RSA? Rsa { get; private init; }

    public ECDsa? Ec { get; private init; }

    /// <summary>The EC curve (<c>P-256</c>, <c>P-384</c>, <c>P-521</c>).</summary>
    public string? Curve { get; private init; }

    public static JwtKey ForSecret(byte[] secret, string? kid = null, string? alg = null) => new("oct", kid, alg) { Secret = secret };

    public static JwtKey ForRsa(RSA rsa, string? kid, string? alg) => new("RSA", kid, alg) { Rsa = rsa };

    public static JwtKey ForEc(ECDsa ec, string curve, string? kid, string? alg) => new("EC", kid, alg) { Ec = ec, Curve = curve };

    /// <summary>True when this key may verify <paramref name="alg"/>: same family, same curve, long enough; no HS/RS confusion.</summary>
    public bool Fits(string alg) =>
        KeyType == JwsAlgorithms.KeyType(alg)
        && (Algorithm is null || Algorithm == alg)
        && KeyType switch
        {
            "oct" => Secret!.Length >= JwsAlgorithms.HashBytes(alg),
            "EC" => Curve == JwsAlgorithms.Curve(alg),
            _ => true,
        };
}
