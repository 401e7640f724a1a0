namespace McpGateway.JsonSchema.Tests.Compilation;

/// <summary>Draft-07 semantics, selected by "$schema" (or by <see cref="SchemaLoadOptions.DefaultDialect"/>).</summary>
public sealed class Draft7Tests
{
    private const string Draft7 = "\"$schema\":\"http://json-schema.org/draft-07/schema#\"";

    private static string D7(string keywords) => "{" + Draft7 + (keywords.Length > 0 ? "," + keywords : string.Empty) + "}";

    [Fact]
    public void Compile_Draft7Schema_ReportsDialect()
        => Assert.Equal(SchemaDialect.Draft7, JsonHelper.Compile(D7(string.Empty)).Dialect);

    [Fact]
    public void Validate_RefSiblingsAreIgnored()
    {
        var schema = D7(""" "definitions":{"s":{"type":"string"}}, "$ref":"#/definitions/s", "maxLength":2 """);

        Assert.True(JsonHelper.Validate(schema, "\"long string\"").IsValid);
        Assert.False(JsonHelper.Validate(schema, "1").IsValid);
    }

    [Fact]
    public void Validate_ItemsArrayWithAdditionalItems()
    {
        var schema = D7(""" "items":[{"type":"integer"},{"type":"string"}], "additionalItems":false """);

        Assert.True(JsonHelper.Validate(schema, """[1,"a"] """).IsValid);
        Assert.False(JsonHelper.Validate(schema, """["a"] """).IsValid);
        Assert.Equal("additionalItems", Assert.Single(JsonHelper.Validate(schema, """[1,"a",true] """).Errors).Keyword);
    }

    [Fact]
    public void Validate_PrefixItemsIsUnknownInDraft7()
        => Assert.True(JsonHelper.Validate(D7(""" "prefixItems":[{"type":"string"}] """), "[1]").IsValid);

    [Fact]
    public void Validate_DependenciesBothForms()
    {
        var schema = D7(""" "dependencies":{"a":["b"],"c":{"required":["d"]}} """);

        Assert.True(JsonHelper.Validate(schema, """{"a":1,"b":2} """).IsValid);
        Assert.False(JsonHelper.Validate(schema, """{"a":1} """).IsValid);
        Assert.False(JsonHelper.Validate(schema, """{"c":1} """).IsValid);
    }

    [Fact]
    public void Validate_IdFragmentIsAnAnchor()
    {
        var schema = D7(""" "definitions":{"n":{"$id":"#num","type":"number"}}, "properties":{"x":{"$ref":"#num"}} """);

        Assert.False(JsonHelper.Validate(schema, """{"x":"no"} """).IsValid);
    }

    [Fact]
    public void Validate_UnevaluatedPropertiesIsUnknownInDraft7()
        => Assert.True(JsonHelper.Validate(D7(""" "unevaluatedProperties":false """), """{"a":1}""").IsValid);

    [Fact]
    public void Validate_Draft04BooleanExclusiveMaximum_IsHonoured()
        => Assert.False(JsonHelper.Validate("""{"$schema":"http://json-schema.org/draft-04/schema#","maximum":5,"exclusiveMaximum":true}""", "5").IsValid);

    [Fact]
    public void Compile_DefaultDialectDraft7_AppliesWithoutSchemaKeyword()
    {
        var schema = JsonHelper.Compile("""{"items":[{"type":"string"}]}""", options: new SchemaLoadOptions { DefaultDialect = SchemaDialect.Draft7 });

        Assert.False(schema.Validate(JsonHelper.Parse("[1]")).IsValid);
    }

    [Fact]
    public void Validate_AgainstDraft7MetaSchema_Works()
    {
        var schema = JsonHelper.Compile("""{"$ref":"http://json-schema.org/draft-07/schema#"} """);

        Assert.True(schema.Validate(JsonHelper.Parse("""{"type":"object","properties":{"a":{"type":"string"}}} """)).IsValid);
        Assert.False(schema.Validate(JsonHelper.Parse("""{"type":"objekt"} """)).IsValid);
    }
}
