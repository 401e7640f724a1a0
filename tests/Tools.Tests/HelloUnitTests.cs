using McpGateway.Tools.Hello;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tools.Tests;

/// <summary>Pure functions of the Hello server.</summary>
public sealed class HelloUnitTests
{
    [Theory]
    [InlineData("6", new[] { "1", "2", "3" })]
    [InlineData("3.5", new[] { "1.5", "2" })]
    [InlineData("3.5", new[] { "1.50", "2.00" })]
    [InlineData("0.3", new[] { "0.1", "0.2" })]
    [InlineData("-0.25", new[] { "0.25", "-0.5" })]
    [InlineData("0", new string[0])]
    [InlineData("1000000000000", new[] { "999999999999", "1" })]
    public void Sum_formats_exact_invariant_decimals(string expected, string[] numbers)
    {
        var values = Array.ConvertAll(numbers, n => decimal.Parse(n, System.Globalization.CultureInfo.InvariantCulture));
        var result = HelloTools.Sum(values);

        Assert.Equal(expected, Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            result.StructuredContent!.Value.GetProperty("sum").GetDecimal());
    }

    [Fact]
    public void Echo_returns_the_message_verbatim()
    {
        var result = HelloTools.Echo("  spaced  \n line ");
        Assert.Equal("  spaced  \n line ", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Equal("  spaced  \n line ", result.StructuredContent!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public void Plan_prompt_mentions_the_name()
    {
        var result = HelloPrompts.Plan("Grace");
        Assert.Equal("Make a plan to greet Grace.", Assert.IsType<TextContentBlock>(Assert.Single(result.Messages).Content).Text);
    }
}
