using System.Text.Json;
using McpGateway.Edge.Identity.Jwt;

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

    /// <summary>Verifies a vector the way the gateway does: shape and header, keys from the JWK (set), kid, signature.</summary>
    public static bool Accepts(string? keysJson, string token)
    {
        if (keysJson is null || JwsToken.TryParse(token, 64 * 1024, JwsAlgorithms.All, out var jws) != JwtFailure.None)
        {
            return false;
        }

        var keys = JwkSetParser.Parse(keysJson, allowSymmetric: true, []);
        return keys.Where(k => jws!.KeyId is null || k.KeyId is null || k.KeyId == jws.KeyId).Any(k => JwsSignature.Verify(jws!, k));
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
