using System.Security.Cryptography;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>Verifies a parsed token's signature with one key; the algorithm must fit the key (no confusion).</summary>
internal static class JwsSignature
{
    public static bool Verify(JwsToken token, JwtKey key)
    {
        var alg = token.Algorithm;
        if (!key.Fits(alg))
        {
            return false;
        }

        var hash = JwsAlgorithms.Hash(alg);
        try
        {
            return alg[..2] switch
            {
                "HS" => CryptographicOperations.FixedTimeEquals(Mac(hash, key.Secret!, token.SigningInput), token.Signature),
                "RS" => key.Rsa!.VerifyData(token.SigningInput, token.Signature, hash, RSASignaturePadding.Pkcs1),
                "PS" => key.Rsa!.VerifyData(token.SigningInput, token.Signature, hash, RSASignaturePadding.Pss),
                _ => token.Signature.Length == 2 * CoordinateBytes(key.Curve!)
                    && key.Ec!.VerifyData(token.SigningInput, token.Signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static byte[] Mac(HashAlgorithmName hash, byte[] key, byte[] data) =>
        hash == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, data)
        : hash == HashAlgorithmName.SHA384 ? HMACSHA384.HashData(key, data)
        : HMACSHA512.HashData(key, data);

    private static int CoordinateBytes(string curve) => curve switch
    {
        "P-256" => 32,
        "P-384" => 48,
        _ => 66,
    };
}
