namespace McpGateway.Edge.Tests.Identity;

/// <summary>Every Wycheproof JWS and JWK vector: valid ones accepted, invalid ones rejected.</summary>
public sealed class WycheproofTests
{
    /// <summary>
    /// Vectors of json_web_signature_test.json whose expected result contradicts other vectors of the same file, so no
    /// verifier can honour both. 367 and 370 are marked invalid but are byte-for-byte the valid 357 with the same key.
    /// 372 and 373 are marked valid but contain '?', outside the base64url alphabet (RFC 7515 §2; 361–371 expect such
    /// characters rejected). 346 and 350 (RFC 7520 figure 20) are marked valid for a PS384 token under a key whose
    /// <c>alg</c> is PS256, while 331–340 (WrongPrimitive) require a key's <c>alg</c> to pin the algorithm; the gateway
    /// pins it.
    /// </summary>
    private static readonly int[] ContradictoryVectors = [346, 350, 367, 370, 372, 373];

    [Theory]
    [InlineData("json_web_signature_test.json", 400)]
    [InlineData("json_web_key_test.json", 20)]
    public void Vectors_EveryExpectedResult_IsHonoured(string file, int minimum)
    {
        var vectors = WycheproofVectors.Load(file).ToList();
        Assert.True(vectors.Count >= minimum, $"only {vectors.Count} vectors in {file}");
        var exceptions = file == "json_web_signature_test.json" ? ContradictoryVectors : [];
        var wrong = vectors
            .Where(v => !exceptions.Contains(v.Id) && WycheproofVectors.Accepts(v.Keys, v.Token) != v.Valid)
            .Select(v => $"tcId {v.Id} ({v.Group}/{v.Comment}): expected {(v.Valid ? "valid" : "invalid")}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Contains(vectors, v => !v.Valid);
        Assert.Contains(vectors, v => v.Valid);
    }

    [Fact]
    public void ContradictoryVectors_ReallyContradictTheirFile()
    {
        var vectors = WycheproofVectors.Load("json_web_signature_test.json").ToDictionary(v => v.Id);
        Assert.Equal(vectors[357].Token, vectors[367].Token);
        Assert.Equal(vectors[357].Token, vectors[370].Token);
        Assert.True(vectors[357].Valid);
        Assert.False(vectors[367].Valid);
        Assert.Contains('?', vectors[372].Token);
        Assert.Contains('?', vectors[373].Token);
        Assert.False(vectors[338].Valid);

        // The gateway's side of each: strict base64url and algorithm pinning reject them; the valid twin is accepted.
        Assert.True(WycheproofVectors.Accepts(vectors[357].Keys, vectors[357].Token));
        Assert.False(WycheproofVectors.Accepts(vectors[372].Keys, vectors[372].Token));
        Assert.False(WycheproofVectors.Accepts(vectors[346].Keys, vectors[346].Token));
    }
}
