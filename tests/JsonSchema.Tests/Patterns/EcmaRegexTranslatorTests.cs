using System.Text.RegularExpressions;
using McpGateway.JsonSchema.Patterns;

namespace McpGateway.JsonSchema.Tests.Patterns;

public sealed class EcmaRegexTranslatorTests
{
    private static bool Matches(string pattern, string input)
        => new PatternFactory(TimeSpan.FromSeconds(1)).Create(pattern, "#").IsMatch(input);

    [Theory]
    [InlineData(@"^\d$", "5", true)]
    [InlineData(@"^\d$", "\u09ea", false)] // Bengali digit four: \d is ASCII-only in ECMAScript
    [InlineData(@"^\w$", "é", false)]
    [InlineData(@"^\s$", "\ufeff", true)]
    [InlineData(@"^\s$", "\u0085", false)]
    [InlineData(@"^abc$", "abc\n", false)] // $ never matches before a final newline
    [InlineData(@"^.$", "🐲", true)] // . is a whole code point
    [InlineData(@"^🐲*$", "🐲🐲", true)]
    [InlineData(@"^\p{Letter}+$", "héllo", true)]
    [InlineData(@"^[\d-]+$", "12-3", true)]
    [InlineData(@"\bfoo\b", "a foo b", true)]
    [InlineData(@"^\u{1F432}$", "🐲", true)]
    public void Translate_EcmaScriptSemantics(string pattern, string input, bool expected)
        => Assert.Equal(expected, Matches(pattern, input));

    [Theory]
    [InlineData(@"\a")]
    [InlineData(@"(?i)abc")]
    [InlineData(@"(?>atomic)")]
    [InlineData(@"[abc")]
    [InlineData(@"\Z")]
    public void Create_NotEcmaScript_ThrowsSchemaLoadException(string pattern)
        => Assert.Throws<SchemaLoadException>(() => new PatternFactory(TimeSpan.FromSeconds(1)).Create(pattern, "#/pattern"));

    [Fact]
    public void Create_SimplePattern_UsesLinearTimeEngine()
    {
        var regex = new PatternFactory(TimeSpan.FromSeconds(1)).Create("^(a+)+$", "#");

        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.DoesNotMatch(regex, new string('a', 10_000) + "!");
    }
}
