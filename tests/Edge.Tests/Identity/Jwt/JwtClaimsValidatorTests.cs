using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Identity.Jwt;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Edge.Tests.Identity.Jwt;

/// <summary>Claim checks at their exact edges, on a clock the test holds still (skew 30 s, max age 60 min).</summary>
public sealed class JwtClaimsValidatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly long _now = Start.ToUnixTimeSeconds();

    [Theory]
    [InlineData(-29, nameof(JwtFailure.None))]
    [InlineData(-30, nameof(JwtFailure.Expired))]
    [InlineData(1, nameof(JwtFailure.None))]
    public void Exp_IsCheckedWithTheSkew(long offset, string expected) =>
        Assert.Equal(expected, Name(Validate(c => c["exp"] = _now + offset)));

    [Theory]
    [InlineData(30, nameof(JwtFailure.None))]
    [InlineData(31, nameof(JwtFailure.NotYetValid))]
    public void Nbf_IsCheckedWithTheSkew(long offset, string expected) =>
        Assert.Equal(expected, Name(Validate(c => c["nbf"] = _now + offset)));

    [Theory]
    [InlineData(-3630, nameof(JwtFailure.None))]
    [InlineData(-3631, nameof(JwtFailure.TooOld))]
    [InlineData(30, nameof(JwtFailure.None))]
    [InlineData(31, nameof(JwtFailure.IssuedInFuture))]
    public void Iat_IsCheckedForAgeAndFuture(long offset, string expected) =>
        Assert.Equal(expected, Name(Validate(c => c["iat"] = _now + offset)));

    [Fact]
    public void MaxAgeZero_MakesIatOptional()
    {
        var options = new JwtOptions { MaxTokenAge = TimeSpan.Zero };
        var claims = new JsonObject { ["sub"] = "u", ["exp"] = _now + 60 };

        Assert.Equal(JwtFailure.None, new JwtClaimsValidator(options, _time).Validate(Encoding.UTF8.GetBytes(claims.ToJsonString()), out _));
        Assert.Equal(JwtFailure.MissingClaim, Validate(c => c.Remove("iat")));
    }

    [Fact]
    public void Audience_MayBeAnArrayContainingOurs()
    {
        var options = new JwtOptions { Audience = "mcpgw" };
        var claims = new JsonObject { ["sub"] = "u", ["exp"] = _now + 60, ["iat"] = _now, ["aud"] = new JsonArray("other", "mcpgw") };

        Assert.Equal(JwtFailure.None, new JwtClaimsValidator(options, _time).Validate(Encoding.UTF8.GetBytes(claims.ToJsonString()), out var caller));
        Assert.Equal("u", caller!.UserId);
    }

    [Fact]
    public void CustomExpAndIatClaims_AreUsed()
    {
        var options = new JwtOptions { ExpClaim = "expires", IatClaim = "issued" };
        var claims = new JsonObject { ["sub"] = "u", ["expires"] = _now - 100, ["issued"] = _now - 200 };

        Assert.Equal(JwtFailure.Expired, new JwtClaimsValidator(options, _time).Validate(Encoding.UTF8.GetBytes(claims.ToJsonString()), out _));
    }

    private static string Name(JwtFailure failure) => failure.ToString();

    private JwtFailure Validate(Action<JsonObject> change)
    {
        var claims = new JsonObject { ["sub"] = "u", ["exp"] = _now + 600, ["iat"] = _now - 10 };
        change(claims);
        var options = new JwtOptions { MaxTokenAge = TimeSpan.FromMinutes(60), ClockSkew = TimeSpan.FromSeconds(30) };
        return new JwtClaimsValidator(options, _time).Validate(Encoding.UTF8.GetBytes(claims.ToJsonString()), out _);
    }
}
