using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGateway.Edge.Identity.Jwt;

namespace McpGateway.Edge.Tests.Identity.Jwt;

/// <summary>Which JWKs become verification keys, and strict base64url.</summary>
public sealed class JwkSetParserTests
{
    [Fact]
    public void Parse_LeavesOutWeakAndForeignKeys_KeepsSoundOnes()
    {
        using var good = RSA.Create(2048);
        using var small = RSA.Create(1024);
        var exponentOne = TestTokens.RsaJwk(good, "e1");
        exponentOne["e"] = "AQ";
        var encryption = TestTokens.RsaJwk(good, "enc");
        encryption["use"] = "enc";
        var wrongAlg = TestTokens.RsaJwk(good, "alg");
        wrongAlg["alg"] = "ES256";
        var set = new JsonObject { ["keys"] = new JsonArray(TestTokens.RsaJwk(good, "ok"), TestTokens.RsaJwk(small, "small"), exponentOne, encryption, wrongAlg) };
        var problems = new List<string>();

        var keys = JwkSetParser.Parse(set.ToJsonString(), allowSymmetric: false, problems);

        Assert.Equal("ok", Assert.Single(keys).KeyId);
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Parse_RefusesDuplicateKidsAndSymmetricKeysFromAJwks()
    {
        using var rsa = RSA.Create(2048);
        var duplicate = new JsonObject { ["keys"] = new JsonArray(TestTokens.RsaJwk(rsa, "k"), TestTokens.RsaJwk(rsa, "k")) };
        var symmetric = new JsonObject { ["keys"] = new JsonArray(new JsonObject { ["kty"] = "oct", ["kid"] = "s", ["k"] = TestTokens.B64(new byte[32]) }) };

        Assert.Empty(JwkSetParser.Parse(duplicate.ToJsonString(), allowSymmetric: false, []));
        Assert.Empty(JwkSetParser.Parse(symmetric.ToJsonString(), allowSymmetric: false, []));
    }

    [Theory]
    [InlineData("YQ", true)]
    [InlineData("YQ==", false)]
    [InlineData("YR", false)]
    [InlineData("Y Q", false)]
    [InlineData("+/8", false)]
    [InlineData("-_8", true)]
    [InlineData("Y", false)]
    public void Base64Url_IsStrict(string text, bool valid) => Assert.Equal(valid, Base64Url.TryDecode(text, out _));
}
