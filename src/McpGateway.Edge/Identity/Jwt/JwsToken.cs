using System.Text;
using System.Text.Json;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// A compact JWS taken apart and checked for shape before any key is touched: three strict base64url parts, a JSON
/// object header with a known algorithm, no embedded or remote keys (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c>),
/// no <c>crit</c>.
/// </summary>
internal sealed class JwsToken
{
    private static readonly string[] ForbiddenHeaders = ["jwk", "jku", "x5u", "x5c"];

    private JwsToken(string alg, string? kid, byte[] signingInput, byte[] payload, byte[] signature)
    {
        Algorithm = alg;
        KeyId = kid;
        SigningInput = signingInput;
        Payload = payload;
        Signature = signature;
    }

    public string Algorithm { get; }

    public string? KeyId { get; }

    public byte[] SigningInput { get; }

    public byte[] Payload { get; }

    public byte[] Signature { get; }

    public static JwtFailure TryParse(string token, int maxBytes, IReadOnlyCollection<string> allowedAlgorithms, out JwsToken? parsed)
    {
        parsed = null;
        if (token.Length > maxBytes)
        {
            return JwtFailure.TooLarge;
        }

        var parts = token.Split('.');
        if (parts.Length == 5)
        {
            return JwtFailure.Encrypted;
        }

        if (parts.Length != 3 || parts[0].Length == 0
            || !Base64Url.TryDecode(parts[0], out var headerBytes)
            || !Base64Url.TryDecode(parts[1], out var payload)
            || !Base64Url.TryDecode(parts[2], out var signature))
        {
            return JwtFailure.Malformed;
        }

        string? alg;
        string? kid = null;
        try
        {
            using var header = JsonDocument.Parse(headerBytes, new JsonDocumentOptions { MaxDepth = 8 });
            if (header.RootElement.ValueKind != JsonValueKind.Object || HasDuplicateNames(header.RootElement))
            {
                return JwtFailure.Malformed;
            }

            var root = header.RootElement;
            if (!root.TryGetProperty("alg", out var algElement) || algElement.ValueKind != JsonValueKind.String)
            {
                return JwtFailure.Malformed;
            }

            alg = algElement.GetString()!;
            if (alg.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                return JwtFailure.AlgorithmNone;
            }

            if (!JwsAlgorithms.IsSupported(alg) || !allowedAlgorithms.Contains(alg))
            {
                return JwtFailure.AlgorithmNotAllowed;
            }

            if (ForbiddenHeaders.Any(name => root.TryGetProperty(name, out _)))
            {
                return JwtFailure.ForbiddenHeader;
            }

            if (root.TryGetProperty("crit", out _) || root.TryGetProperty("b64", out _) || root.TryGetProperty("enc", out _) || root.TryGetProperty("zip", out _))
            {
                return JwtFailure.CriticalHeader;
            }

            if (root.TryGetProperty("kid", out var kidElement))
            {
                if (kidElement.ValueKind != JsonValueKind.String || kidElement.GetString() is not { Length: > 0 and <= 256 } k)
                {
                    return JwtFailure.Malformed;
                }

                kid = k;
            }
        }
        catch (JsonException)
        {
            return JwtFailure.Malformed;
        }

        if (signature.Length == 0)
        {
            return JwtFailure.BadSignature;
        }

        var signingInput = Encoding.ASCII.GetBytes(token, 0, parts[0].Length + 1 + parts[1].Length);
        parsed = new JwsToken(alg, kid, signingInput, payload, signature);
        return JwtFailure.None;
    }

    private static bool HasDuplicateNames(JsonElement element)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return element.EnumerateObject().Any(p => !names.Add(p.Name));
    }
}
