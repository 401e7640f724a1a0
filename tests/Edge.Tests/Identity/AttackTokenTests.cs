namespace McpGateway.Edge.Tests.Identity;

/// <summary>Hostile tokens thrown at a real gateway: every one is refused with 401 and none reaches the Hello backend.</summary>
public sealed class AttackTokenTests(JwtGatewayFixture gateway) : IClassFixture<JwtGatewayFixture>
{
    public static TheoryData<string> Names() => [.. AttackTokens.All().Select(a => a.Name)];

    [Fact]
    public void AttackList_HasAtLeastSixtyDistinctTokens()
    {
        var all = AttackTokens.All().ToList();
        Assert.True(all.Count >= 60, $"{all.Count} attack tokens");
        Assert.Equal(all.Count, all.Select(a => a.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task AttackToken_IsRefusedWith401_AndNeverReachesTheBackend(string name)
    {
        var token = AttackTokens.All().Single(a => a.Name == name).Token;

        var (status, body, response) = await gateway.CallEchoAsync("Bearer " + token);

        Assert.Equal(401, status);
        Assert.Equal(-32030, body?["error"]?["code"]?.GetValue<int>());
        var challenge = string.Join(",", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Empty(gateway.Recorded.Records);
        if (token.Length > 16)
        {
            Assert.DoesNotContain(gateway.Recorded.LogLines, line => line.Contains(token, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Token {valid}")]
    [InlineData("{valid}")]
    public async Task MissingOrWrongScheme_IsRefusedWith401(string? authorization)
    {
        var (status, _, _) = await gateway.CallEchoAsync(authorization?.Replace("{valid}", TestTokens.Valid(), StringComparison.Ordinal));

        Assert.Equal(401, status);
        Assert.Empty(gateway.Recorded.Records);
    }

    [Fact]
    public async Task ValidTokenInTheQueryString_IsIgnored()
    {
        var token = TestTokens.Valid();

        var (status, _, _) = await gateway.CallEchoAsync(null, "?access_token=" + token);

        Assert.Equal(401, status);
        Assert.Empty(gateway.Recorded.Records);
        Assert.DoesNotContain(gateway.Recorded.LogLines, line => line.Contains(token, StringComparison.Ordinal));
    }
}
