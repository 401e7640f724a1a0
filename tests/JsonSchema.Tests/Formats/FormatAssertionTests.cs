namespace McpGateway.JsonSchema.Tests.Formats;

public sealed class FormatAssertionTests
{
    private static readonly ValidationOptions Assert_ = new() { AssertFormat = true };

    [Theory]
    [InlineData("date-time", "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z")]
    [InlineData("date", "2024-12-31", "2024-13-01")]
    [InlineData("time", "23:59:60Z", "12:00:00")]
    [InlineData("duration", "P1DT2H", "P1H")]
    [InlineData("email", "joe.bloggs@example.com", "joe..bloggs@example.com")]
    [InlineData("hostname", "api.example.com", "-bad.example.com")]
    [InlineData("ipv4", "192.168.0.1", "192.168.0.01")]
    [InlineData("ipv6", "2001:db8::1", "2001:db8:::1")]
    [InlineData("uri", "https://example.com/a?b#c", "/relative/only")]
    [InlineData("uri-reference", "../a/b", "\\\\bad")]
    [InlineData("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", "2eb8aa08aa9811eab4aa73b441d16380")]
    [InlineData("regex", "^[a-z]+$", "^(abc]")]
    [InlineData("json-pointer", "/a/~1b", "a/b")]
    [InlineData("relative-json-pointer", "1/a", "-1/a")]
    public void Validate_Format_AnnotationByDefaultAssertionWhenEnabled(string format, string valid, string invalid)
    {
        var schema = JsonHelper.Compile($$"""{"format":"{{format}}"}""");
        var good = JsonHelper.Parse(System.Text.Json.JsonSerializer.Serialize(valid));
        var bad = JsonHelper.Parse(System.Text.Json.JsonSerializer.Serialize(invalid));

        Assert.True(schema.Validate(bad).IsValid);
        Assert.True(schema.Validate(good, Assert_).IsValid);
        var error = Assert.Single(schema.Validate(bad, Assert_).Errors);
        Assert.Equal($"must be a valid {format}", error.Message);
    }

    [Fact]
    public void Validate_UnknownFormat_AlwaysPasses()
    {
        Assert.True(JsonHelper.Validate("""{"format":"x-custom"}""", "\"anything\"", Assert_).IsValid);
    }

    [Fact]
    public void Validate_FormatOnNonString_IsIgnored()
    {
        Assert.True(JsonHelper.Validate("""{"format":"email"}""", "42", Assert_).IsValid);
    }

    [Fact]
    public void Validate_MetaSchemaWithFormatAssertionVocabulary_AssertsWithoutOption()
    {
        var registry = new SchemaRegistry();
        registry.Register(JsonHelper.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://example.com/meta/strict-format",
              "$vocabulary": {
                "https://json-schema.org/draft/2020-12/vocab/core": true,
                "https://json-schema.org/draft/2020-12/vocab/format-assertion": true
              }
            }
            """));
        var schema = JsonHelper.Compile("""{"$schema":"https://example.com/meta/strict-format","format":"ipv4"}""", registry);

        Assert.False(schema.Validate(JsonHelper.Parse("\"not-an-ip\"")).IsValid);
    }

    [Theory]
    [InlineData("uri")]
    [InlineData("uri-reference")]
    [InlineData("iri")]
    [InlineData("email")]
    [InlineData("idn-hostname")]
    [InlineData("duration")]
    public void Validate_HugeAdversarialString_FinishesWithoutThrowing(string format)
    {
        var text = "http://" + string.Concat(Enumerable.Repeat("a:b@", 20_000)) + "\ud800";
        var schema = JsonHelper.Compile($$"""{"format":"{{format}}"}""");

        var result = schema.Validate(JsonHelper.Parse(System.Text.Json.JsonSerializer.Serialize(text)), Assert_);

        Assert.False(result.IsValid);
    }
}
