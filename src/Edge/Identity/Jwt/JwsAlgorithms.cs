namespace McpGateway.Edge.Identity.Jwt;

/// <summary>The JWS algorithms the gateway knows, matched case-sensitively (<c>none</c> in any spelling is not one).</summary>
internal static class JwsAlgorithms
{
    public static IReadOnlyList<string> All { get; } = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public static bool IsSupported(string? alg) => alg is not null && All.Contains(alg, StringComparer.Ordinal);

    public static bool IsHmac(string alg) => IsSupported(alg) && alg.StartsWith("HS", StringComparison.Ordinal);

    /// <summary>The JWK key type an algorithm needs: <c>oct</c>, <c>RSA</c> or <c>EC</c>.</summary>
    public static string KeyType(string alg) => alg[..2] switch
    {
        "HS" => "oct",
        "RS" or "PS" => "RSA",
        _ => "EC",
    };

    /// <summary>Bytes of the hash (and shortest HMAC key, RFC 7518 §3.2).</summary>
    public static int HashBytes(string alg) => alg[2..] switch
    {
        "256" => 32,
        "384" => 48,
        _ => 64,
    };

    /// <summary>The curve an ES algorithm is defined on.</summary>
    public static string? Curve(string alg) => alg switch
    {
        "ES256" => "P-256",
        "ES384" => "P-384",
        "ES512" => "P-521",
        _ => null,
    };
}
