using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>Hand-built hostile tokens (more than 60), each of which the gateway must refuse.</summary>
internal static class AttackTokens
{
    public static IEnumerable<(string Name, string Token)> All()
    {
        var now = TestTokens.Now;
        var valid = TestTokens.Valid();
        var parts = valid.Split('.');
        var payload = TestTokens.Claims().ToJsonString();
        string Unsigned(string header) => TestTokens.B64(header) + "." + TestTokens.B64(payload) + ".";
        string Claims(Action<JsonObject> change) => TestTokens.Hs(TestTokens.Claims(change));
        string Header(string header) => TestTokens.Hs(header, payload);

        // alg none in every spelling, signed or not.
        foreach (var none in new[] { "none", "None", "NONE", "nOnE", "none ", " none" })
        {
            yield return ($"alg '{none}' unsigned", Unsigned($$"""{"alg":"{{none}}","typ":"JWT"}"""));
        }

        yield return ("alg none with the valid signature", TestTokens.B64("""{"alg":"none"}""") + "." + parts[1] + "." + parts[2]);
        yield return ("alg none as unicode escapes", Unsigned("""{"alg":"\u006eone"}"""));
        yield return ("alg none, no signature part", TestTokens.B64("""{"alg":"none"}""") + "." + TestTokens.B64(payload));

        // Algorithms outside the allow-list, wrong types, key confusion.
        yield return ("alg missing", Header("""{"typ":"JWT"}"""));
        yield return ("alg null", Header("""{"alg":null}"""));
        yield return ("alg empty", Header("""{"alg":""}"""));
        yield return ("alg array", Header("""{"alg":["HS256"]}"""));
        yield return ("alg lower case hs256", Header("""{"alg":"hs256"}"""));
        yield return ("alg with trailing space", Header("""{"alg":"HS256 "}"""));
        yield return ("HS384 not allowed", TestTokens.Hs("""{"alg":"HS384"}""", payload, alg: "HS384"));
        yield return ("HS512 not allowed", TestTokens.Hs("""{"alg":"HS512"}""", payload, alg: "HS512"));
        yield return ("RS256 header, HMAC signature (confusion)", Header("""{"alg":"RS256"}"""));
        yield return ("PS256 header, HMAC signature", Header("""{"alg":"PS256"}"""));
        yield return ("ES256 header, HMAC signature", Header("""{"alg":"ES256"}"""));
        yield return ("unknown alg XS256", Header("""{"alg":"XS256"}"""));
        yield return ("duplicate alg names", Header("""{"alg":"HS256","alg":"none"}"""));

        // Embedded and remote keys, crit, other forbidden headers.
        yield return ("embedded jwk", Header("""{"alg":"HS256","jwk":{"kty":"oct","k":"YXR0YWNrZXI"}}"""));
        yield return ("jku", Header("""{"alg":"HS256","jku":"http://127.0.0.1:1/jwks.json"}"""));
        yield return ("x5u", Header("""{"alg":"HS256","x5u":"http://127.0.0.1:1/cert.pem"}"""));
        yield return ("x5c", Header("""{"alg":"HS256","x5c":["MIIBIjANBgkq"]}"""));
        yield return ("crit exp", Header("""{"alg":"HS256","crit":["exp"],"exp":1}"""));
        yield return ("crit empty", Header("""{"alg":"HS256","crit":[]}"""));
        yield return ("b64 false", Header("""{"alg":"HS256","b64":false,"crit":["b64"]}"""));
        yield return ("zip header", Header("""{"alg":"HS256","zip":"DEF"}"""));
        yield return ("enc header on a JWS", Header("""{"alg":"HS256","enc":"A128GCM"}"""));

        // Signature problems.
        yield return ("signed with another secret", TestTokens.Hs("""{"alg":"HS256"}""", payload, "another-secret-another-secret-another-secret"));
        yield return ("empty signature", parts[0] + "." + parts[1] + ".");
        yield return ("truncated signature", parts[0] + "." + parts[1] + "." + parts[2][..20]);
        yield return ("signature with a flipped bit", parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? 'B' : 'A') + parts[2][1..]);
        yield return ("signature of another token", parts[0] + "." + parts[1] + "." + TestTokens.Hs(TestTokens.Claims(c => c["sub"] = "bob")).Split('.')[2]);
        yield return ("payload changed after signing (role escalation)", parts[0] + "." + TestTokens.B64(TestTokens.Claims(c => c["roles"] = new JsonArray("admin")).ToJsonString()) + "." + parts[2]);
        yield return ("header changed after signing", TestTokens.B64("""{"alg":"HS256","kid":"x"}""") + "." + parts[1] + "." + parts[2]);
        yield return ("kid path traversal, signed with empty key", TestTokens.Hs("""{"alg":"HS256","kid":"../../../../../../dev/null"}""", payload, ""));
        yield return ("kid SQL injection, signed with 'x'", TestTokens.Hs("""{"alg":"HS256","kid":"' UNION SELECT 'x' --"}""", payload, "x"));
        yield return ("kid command injection", TestTokens.Hs("""{"alg":"HS256","kid":"|cat /etc/passwd"}""", payload, ""));
        yield return ("kid of 1000 characters", Header($$"""{"alg":"HS256","kid":"{{new string('k', 1000)}}"}"""));
        yield return ("signature of the unsigned input with the public text", TestTokens.Hs("""{"alg":"HS256"}""", payload, "mcpgw-test"));

        // Time claims and skew edges.
        yield return ("expired an hour ago", Claims(c => c["exp"] = now - 3600));
        yield return ("expired just beyond the skew", Claims(c => c["exp"] = now - 35));
        yield return ("missing exp", Claims(c => c.Remove("exp")));
        yield return ("exp as a string", Claims(c => c["exp"] = (now + 600).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        yield return ("exp null", Claims(c => c["exp"] = null));
        yield return ("exp negative", Claims(c => c["exp"] = -1));
        yield return ("nbf in the future beyond the skew", Claims(c => c["nbf"] = now + 120));
        yield return ("nbf just beyond the skew", Claims(c => c["nbf"] = now + 40));
        yield return ("nbf as a string", Claims(c => c["nbf"] = "0"));
        yield return ("iat in the future beyond the skew", Claims(c => c["iat"] = now + 300));
        yield return ("older than the max age", Claims(c => c["iat"] = now - 7200));
        yield return ("missing iat with a max age", Claims(c => c.Remove("iat")));
        yield return ("iat as a string", Claims(c => c["iat"] = "yesterday"));

        // Issuer, audience, API version, subject.
        yield return ("wrong iss", Claims(c => c["iss"] = "https://evil.test"));
        yield return ("iss differs in case", Claims(c => c["iss"] = TestTokens.Issuer.ToUpperInvariant()));
        yield return ("missing iss", Claims(c => c.Remove("iss")));
        yield return ("wrong aud", Claims(c => c["aud"] = "another-api"));
        yield return ("aud array without ours", Claims(c => c["aud"] = new JsonArray("a", "b")));
        yield return ("missing aud", Claims(c => c.Remove("aud")));
        yield return ("aud with a trailing slash", Claims(c => c["aud"] = TestTokens.Audience + "/"));
        yield return ("iss with a trailing slash", Claims(c => c["iss"] = TestTokens.Issuer + "/"));
        yield return ("unknown api version", Claims(c => c["api_version"] = "v9"));
        yield return ("missing api version", Claims(c => c.Remove("api_version")));
        yield return ("api version as a number", Claims(c => c["api_version"] = 1));
        yield return ("missing sub", Claims(c => c.Remove("sub")));
        yield return ("empty sub", Claims(c => c["sub"] = ""));
        yield return ("sub as a number", Claims(c => c["sub"] = 42));

        // Shape: size, parts, base64, JSON, JWE.
        yield return ("over 8 KB", Claims(c => c["padding"] = new string('a', 9000)));
        yield return ("two parts", parts[0] + "." + parts[1]);
        yield return ("four parts", valid + ".x");
        yield return ("JWE (five parts)", TestTokens.B64("""{"alg":"dir","enc":"A256GCM"}""") + "..AAAAAAAAAAAAAAAA.cGF5bG9hZA.AAAAAAAAAAAAAAAAAAAAAA");
        yield return ("padded base64 header", parts[0] + "=." + parts[1] + "." + parts[2]);
        yield return ("standard base64 characters", parts[0] + "." + parts[1] + "." + parts[2].Replace('-', '+').Replace('_', '/') + "+/");
        yield return ("invalid characters in payload", parts[0] + ".#" + parts[1] + "." + parts[2]);
        yield return ("header not JSON", TestTokens.Hs("not json", payload));
        yield return ("header JSON array", TestTokens.Hs("""["HS256"]""", payload));
        yield return ("payload not JSON", TestTokens.Hs("""{"alg":"HS256"}""", "not json"));
        yield return ("payload JSON array", TestTokens.Hs("""{"alg":"HS256"}""", "[1,2,3]"));
        yield return ("payload JSON string", TestTokens.Hs("""{"alg":"HS256"}""", "\"alice\""));
        yield return ("garbage", "abc");
        yield return ("only dots", "..");
        yield return ("binary header", TestTokens.B64([0xff, 0xfe, 0x00]) + "." + parts[1] + "." + parts[2]);
        yield return ("UTF-16 header", TestTokens.B64(Encoding.Unicode.GetBytes("""{"alg":"HS256"}""")) + "." + parts[1] + "." + parts[2]);
    }
}
