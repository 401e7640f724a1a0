using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Identity.Jwt;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>Hand-built tokens: any header, any claims, signed (or not) however a test needs.</summary>
internal static class TestTokens
{
    public const string Secret = "test-secret-for-the-gateway-0123456789-abcdefghij";
    public const string Issuer = "https://issuer.test";
    public const string Audience = "mcpgw-test";

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>The settings of the gateway the attack tokens are thrown at.</summary>
    public static Dictionary<string, string> GatewayEnvironment() => new()
    {
        ["GATEWAY_AUTH_MODE"] = "jwt",
        ["JWT_SECRET_KEY"] = Secret,
        ["JWT_ISSUER"] = Issuer,
        ["JWT_AUDIENCE"] = Audience,
        ["JWT_MAX_TOKEN_AGE_MINUTES"] = "60",
        ["JWT_CLOCK_SKEW_SECONDS"] = "30",
        ["JWT_ALLOWED_API_VERSIONS"] = "v1,v2",
    };

    public static JsonObject Claims(Action<JsonObject>? change = null)
    {
        var now = Now;
        var claims = new JsonObject
        {
            ["sub"] = "alice",
            ["roles"] = new JsonArray("developer", "viewer"),
            ["workspace"] = "acme",
            ["scope"] = "mcp:read mcp:write",
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["api_version"] = "v1",
            ["iat"] = now - 10,
            ["exp"] = now + 600,
        };
        change?.Invoke(claims);
        return claims;
    }

    public static string B64(string text) => Base64Url.Encode(Encoding.UTF8.GetBytes(text));

    public static string B64(byte[] bytes) => Base64Url.Encode(bytes);

    /// <summary>An HMAC-signed token with the given raw header and payload JSON.</summary>
    public static string Hs(string headerJson, string payloadJson, string secret = Secret, string alg = "HS256")
    {
        var input = B64(headerJson) + "." + B64(payloadJson);
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.ASCII.GetBytes(input);
        var mac = alg switch
        {
            "HS256" => HMACSHA256.HashData(key, data),
            "HS384" => HMACSHA384.HashData(key, data),
            _ => HMACSHA512.HashData(key, data),
        };
        return input + "." + B64(mac);
    }

    public static string Hs(JsonObject claims, string header = """{"alg":"HS256","typ":"JWT"}""") => Hs(header, claims.ToJsonString());

    public static string Valid() => Hs(Claims());

    public static string Rs(RSA rsa, string kid, JsonObject claims, string alg = "RS256")
    {
        var input = B64($$"""{"alg":"{{alg}}","kid":"{{kid}}","typ":"JWT"}""") + "." + B64(claims.ToJsonString());
        var padding = alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        return input + "." + B64(rsa.SignData(Encoding.ASCII.GetBytes(input), Hash(alg), padding));
    }

    public static string Es(ECDsa ec, string kid, JsonObject claims)
    {
        var input = B64($$"""{"alg":"ES256","kid":"{{kid}}"}""") + "." + B64(claims.ToJsonString());
        return input + "." + B64(ec.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    private static HashAlgorithmName Hash(string alg) => alg[2..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    public static JsonObject RsaJwk(RSA rsa, string kid)
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject { ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
    }

    public static JsonObject EcJwk(ECDsa ec, string kid)
    {
        var p = ec.ExportParameters(false);
        return new JsonObject { ["kty"] = "EC", ["kid"] = kid, ["use"] = "sig", ["crv"] = "P-256", ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!) };
    }
}
