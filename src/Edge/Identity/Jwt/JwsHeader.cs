using System.Text.Json;

namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// The checks a compact JWS passes before IdentityModel's <c>JsonWebTokenHandler</c> sees it, for the rules the
/// handler does not enforce: a size limit, three strictly base64url-encoded parts (the handler's decoder is lenient),
/// a JSON object header without duplicate names (the handler's reader keeps the last one), an allowed algorithm and
/// never <c>none</c>, no embedded or remote keys (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c>: nothing is ever
/// fetched or trusted from a token), no <c>crit</c>/<c>b64</c>/<c>enc</c>/<c>zip</c>, a short string <c>kid</c>.
/// </summary>
internal sealed class JwsHeader
{
    private static readonly string[] ForbiddenHeaders = ["jwk", "jku", "x5u", "x5c"];

    private JwsHeader(string alg, string? kid, byte[] payload)
    {
        Algorithm = alg;
        KeyId = kid;
        Payload = payload;
    }

    public string Algorithm { get; }

    public string? KeyId { get; }

    /// <summary>The decoded payload (not yet verified).</summary>
    public byte[] Payload { get; }

    public static JwtFailure TryParse(string token, int maxBytes, IReadOnlyCollection<string> allowedAlgorithms, out JwsHeader? parsed)
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

        parsed = new JwsHeader(alg, kid, payload);
        return JwtFailure.None;
    }

    private static bool HasDuplicateNames(JsonElement element)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return element.EnumerateObject().Any(p => !names.Add(p.Name));
    }
}
