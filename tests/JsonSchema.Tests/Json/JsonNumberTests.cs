using System.Text;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Tests.Json;

public sealed class JsonNumberTests
{
    private static JsonNumber N(string text)
    {
        Assert.True(JsonNumber.TryParse(Encoding.ASCII.GetBytes(text), out var number));
        return number;
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("10", "1e1")]
    [InlineData("0.5", "5e-1")]
    [InlineData("-0", "0")]
    [InlineData("100", "1.00E+2")]
    public void CompareTo_SameValueDifferentSpelling_IsEqual(string a, string b)
        => Assert.Equal(0, N(a).CompareTo(N(b)));

    [Theory]
    [InlineData("18446744073709551600", "18446744073709551615")]
    [InlineData("972783798187987123879878123.18878137", "972783798187987123879878123.188781371")]
    [InlineData("-1e400", "1e-400")]
    [InlineData("0.1", "0.10000000000000000000000000000000000001")]
    public void CompareTo_ExactBeyondDecimalAndDouble(string smaller, string larger)
    {
        Assert.True(N(smaller).CompareTo(N(larger)) < 0);
        Assert.True(N(larger).CompareTo(N(smaller)) > 0);
    }

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("1e3", true)]
    [InlineData("1.5", false)]
    [InlineData("12345678910111213141516171819202122232425262728293031", true)]
    [InlineData("1e-5", false)]
    public void IsInteger_FollowsMathematicalValue(string text, bool expected) => Assert.Equal(expected, N(text).IsInteger);

    [Theory]
    [InlineData("0.0003", "0.0001", true)]
    [InlineData("0.00031", "0.0001", false)]
    [InlineData("4.5", "1.5", true)]
    [InlineData("0.3", "0.1", true)]
    [InlineData("1e308", "0.5", true)]
    [InlineData("123456789012345678901234567890", "10", true)]
    [InlineData("123456789012345678901234567891", "10", false)]
    [InlineData("0", "7", true)]
    public void IsMultipleOf_IsExact(string value, string divisor, bool expected)
        => Assert.Equal(expected, N(value).IsMultipleOf(N(divisor)));

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData("abc")]
    public void TryParse_NotANumber_ReturnsFalse(string text) => Assert.False(JsonNumber.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void Validate_MaximumWithHugeInteger_ComparesExactly()
    {
        Assert.False(JsonHelper.Validate("""{"maximum":18446744073709551615}""", "18446744073709551616").IsValid);
        Assert.True(JsonHelper.Validate("""{"maximum":18446744073709551615}""", "18446744073709551615").IsValid);
        Assert.True(JsonHelper.Validate("""{"type":"integer"}""", "1.0").IsValid);
    }
}
