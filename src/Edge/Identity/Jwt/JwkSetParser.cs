using System.Security.Cryptography;
using System.Text.Json;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// Reads a JWK or JWK Set into verification keys. A key that is not a sound signature key (wrong <c>use</c>, an
/// <c>alg</c> that does not fit its type or curve, RSA under 2048 bits or with a weak exponent or the ROCA fingerprint,
/// an EC point off its curve, an HMAC key shorter than its hash) is left out; an ambiguous set (duplicate <c>kid</c>,
/// symmetric keys mixed with public ones) is refused as a whole.
/// </summary>
internal static class JwkSetParser
{
    public const int MinimumRsaBits = 2048;

    public static IReadOnlyList<JwtKey> Parse(string json, bool allowSymmetric, List<string> problems)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var elements = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array
            ? keys.EnumerateArray().ToList()
            : [root];

        var kids = elements.Select(e => Text(e, "kid")).Where(k => k is not null).ToList();
        if (kids.Count != kids.Distinct(StringComparer.Ordinal).Count())
        {
            problems.Add("JWK set: duplicate kid; the set is ambiguous and refused");
            return [];
        }

        var types = elements.Select(e => Text(e, "kty") == "oct").Distinct().Count();
        if (types > 1)
        {
            problems.Add("JWK set: symmetric keys mixed with public keys; the set is refused");
            return [];
        }

        var result = new List<JwtKey>();
        foreach (var element in elements)
        {
            var key = TryRead(element, allowSymmetric, out var problem);
            if (key is null)
            {
                problems.Add($"JWK '{Text(element, "kid") ?? "(no kid)"}': {problem}");
            }
            else
            {
                result.Add(key);
            }
        }

        return result;
    }

    private static JwtKey? TryRead(JsonElement jwk, bool allowSymmetric, out string? problem)
    {
        problem = null;
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            problem = "not an object";
            return null;
        }

        var kty = Text(jwk, "kty");
        var kid = Text(jwk, "kid");
        // RFC 7520 §3.3 (and keys copied from it) spells ES512 as "ES521"; the curve check below still applies.
        var alg = Text(jwk, "alg") is "ES521" ? "ES512" : Text(jwk, "alg");
        if (Text(jwk, "use") is { } use && use != "sig")
        {
            problem = $"use '{use}' is not 'sig'";
            return null;
        }

        if (jwk.TryGetProperty("key_ops", out var ops) && (ops.ValueKind != JsonValueKind.Array || !ops.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.String && o.GetString() == "verify")))
        {
            problem = "key_ops does not allow 'verify'";
            return null;
        }

        if (alg is not null && (!JwsAlgorithms.IsSupported(alg) || JwsAlgorithms.KeyType(alg) != kty))
        {
            problem = $"alg '{alg}' does not fit key type '{kty}'";
            return null;
        }

        try
        {
            switch (kty)
            {
                case "oct" when allowSymmetric:
                    var secret = Bytes(jwk, "k");
                    if (secret.Length < JwsAlgorithms.HashBytes(alg ?? "HS256"))
                    {
                        problem = "HMAC key shorter than its hash";
                        return null;
                    }

                    return JwtKey.ForSecret(secret, kid, alg);
                case "RSA":
                    var n = Bytes(jwk, "n");
                    var e = Bytes(jwk, "e");
                    problem = RsaKeyCheck.Problem(n, e);
                    if (problem is not null)
                    {
                        return null;
                    }

                    return JwtKey.ForRsa(RSA.Create(new RSAParameters { Modulus = n, Exponent = e }), kid, alg);
                case "EC":
                    var crv = Text(jwk, "crv");
                    var curve = crv switch
                    {
                        "P-256" => ECCurve.NamedCurves.nistP256,
                        "P-384" => ECCurve.NamedCurves.nistP384,
                        "P-521" => ECCurve.NamedCurves.nistP521,
                        _ => throw new CryptographicException("unknown curve"),
                    };
                    if (alg is not null && JwsAlgorithms.Curve(alg) != crv)
                    {
                        problem = $"alg '{alg}' does not fit curve '{crv}'";
                        return null;
                    }

                    var ec = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") } });
                    return JwtKey.ForEc(ec, crv!, kid, alg);
                default:
                    problem = $"key type '{kty}' is not a signature key";
                    return null;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException or InvalidOperationException)
        {
            problem = "invalid key material";
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Bytes(JsonElement element, string name) =>
        Text(element, name) is { } text && Base64Url.TryDecode(text, out var bytes) && bytes.Length > 0 ? bytes : throw new FormatException(name);
}
