using System.Text;
using System.Text.Json;
using McpGateway.Edge.Identity.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>The Wycheproof JWS/JWK vectors in <c>shared/testdata/wycheproof</c>, found by walking up from the test assembly.</summary>
internal static class WycheproofVectors
{
    private static readonly Lazy<string> Folder = new(Locate);

    /// <summary>(file, tcId, group comment, test comment, keys JSON, token, expected valid) for every test of a file.</summary>
    public static IEnumerable<(int Id, string Group, string Comment, string? Keys, string Token, bool Valid)> Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder.Value, file)));
        var result = new List<(int, string, string, string?, string, bool)>();
        foreach (var group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            var keys = group.TryGetProperty("public", out var pub) ? pub.GetRawText()
                : group.TryGetProperty("private", out var priv) ? priv.GetRawText() : null;
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                result.Add((
                    test.GetProperty("tcId").GetInt32(),
                    group.GetProperty("comment").GetString()!,
                    test.GetProperty("comment").GetString()!,
                    keys,
                    test.GetProperty("jws").GetString()!,
                    test.GetProperty("result").GetString() == "valid"));
            }
        }

        return result;
    }

    /// <summary>
    /// Verifies a vector the way the gateway does: our header rules (<see cref="JwsHeader"/>), keys from the JWK (set)
    /// with our key rules, kid and algorithm fit, then the signature by IdentityModel's signature provider for that
    /// key and algorithm — the one <c>JsonWebTokenHandler</c> calls. The handler itself is not used here because the
    /// vectors' payloads are not JWT claim sets (it refuses those before looking at the signature).
    /// </summary>
    public static bool Accepts(string? keysJson, string token)
    {
        if (keysJson is null || JwsHeader.TryParse(token, 64 * 1024, JwsAlgorithms.All, out var header) != JwtFailure.None)
        {
            return false;
        }

        var parts = token.Split('.');
        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        var keys = JwkSetParser.Parse(keysJson, allowSymmetric: true, []);
        return keys
            .Where(k => header!.KeyId is null || k.KeyId is null || k.KeyId == header.KeyId)
            .Where(k => k.Fits(header!.Algorithm))
            .Any(k => Verify(k.Key, header!.Algorithm, signingInput, signature));
    }

    private static bool Verify(SecurityKey key, string alg, byte[] input, byte[] signature)
    {
        try
        {
            var provider = key.CryptoProviderFactory.CreateForVerifying(key, alg);
            try
            {
                return provider.Verify(input, signature);
            }
            finally
            {
                key.CryptoProviderFactory.ReleaseSignatureProvider(provider);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException or System.Security.Cryptography.CryptographicException or SecurityTokenException)
        {
            return false;
        }
    }

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "testdata", "wycheproof");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("shared/testdata/wycheproof not found above " + AppContext.BaseDirectory);
    }
}
