namespace McpGateway.JsonSchema.Tests.Compilation;

public sealed class SchemaLoadErrorTests
{
    [Theory]
    [InlineData("""{"type":"strnig"}""", "#/type")]
    [InlineData("""{"minLength":-1}""", "#/minLength")]
    [InlineData("""{"multipleOf":0}""", "#/multipleOf")]
    [InlineData("""{"pattern":"(unclosed"}""", "#/pattern")]
    [InlineData("""{"properties":{"a":5}}""", "#/properties/a")]
    [InlineData("""{"allOf":[]}""", "#/allOf")]
    [InlineData("""{"required":"a"}""", "#/required")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "#/$ref")]
    [InlineData("""{"$ref":"#nowhere"}""", "#/$ref")]
    public void Compile_MalformedSchema_ThrowsWithLocation(string schema, string location)
    {
        var ex = Assert.Throws<SchemaLoadException>(() => JsonHelper.Compile(schema));

        Assert.Equal(location, ex.SchemaLocation);
    }

    [Fact]
    public void Compile_UnknownRemoteRef_ThrowsWithoutNetwork()
    {
        var ex = Assert.Throws<SchemaLoadException>(() => JsonHelper.Compile("""{"$ref":"https://example.com/schemas/person.json"}"""));

        Assert.Contains("never fetched", ex.Message);
        Assert.Contains("https://example.com/schemas/person.json", ex.Message);
    }

    [Fact]
    public void Compile_UnusedDefinitionWithUnresolvableRef_StillThrows()
        => Assert.Throws<SchemaLoadException>(() => JsonHelper.Compile("""{"$defs":{"unused":{"$ref":"other.json"}}}"""));

    [Fact]
    public void Compile_RegisteredRemote_Resolves()
    {
        var registry = new SchemaRegistry();
        registry.Register("https://example.com/schemas/positive.json", JsonHelper.Parse("""{"type":"integer","minimum":1}"""));

        var schema = JsonHelper.Compile("""{"$id":"https://example.com/schemas/root.json","items":{"$ref":"positive.json"}}""", registry);
        var error = Assert.Single(schema.Validate(JsonHelper.Parse("[1,0]")).Errors);

        Assert.Equal("/1", error.InstanceLocation);
        Assert.Equal("https://example.com/schemas/positive.json#/minimum", error.SchemaLocation);
    }

    [Fact]
    public void Register_SameUriDifferentContent_Throws()
    {
        var registry = new SchemaRegistry();
        registry.Register("https://example.com/a.json", JsonHelper.Parse("""{"type":"string"}"""));
        registry.Register("https://example.com/a.json", JsonHelper.Parse("""{ "type" : "string" }"""));

        Assert.Throws<ArgumentException>(() => registry.Register("https://example.com/a.json", JsonHelper.Parse("""{"type":"integer"}""")));
        Assert.Throws<ArgumentException>(() => registry.Register("relative.json", JsonHelper.Parse("{}")));
    }

    [Fact]
    public void Compile_UnknownSchemaDialect_Throws()
    {
        var ex = Assert.Throws<SchemaLoadException>(() => JsonHelper.Compile("""{"$schema":"https://example.com/my-dialect"}"""));

        Assert.Contains("Unknown \"$schema\"", ex.Message);
    }

    [Fact]
    public void Compile_MetaSchemaRequiringUnknownVocabulary_Throws()
    {
        var registry = new SchemaRegistry();
        registry.Register(JsonHelper.Parse("""
            {"$id":"https://example.com/meta","$schema":"https://json-schema.org/draft/2020-12/schema",
             "$vocabulary":{"https://json-schema.org/draft/2020-12/vocab/core":true,"https://example.com/vocab/magic":true}}
            """));

        var ex = Assert.Throws<SchemaLoadException>(() => JsonHelper.Compile("""{"$schema":"https://example.com/meta"}""", registry));

        Assert.Contains("https://example.com/vocab/magic", ex.Message);
    }

    [Fact]
    public void Compile_DuplicateId_Throws()
        => Assert.Throws<SchemaLoadException>(() => JsonHelper.Compile(
            """{"$defs":{"a":{"$id":"https://example.com/x"},"b":{"$id":"https://example.com/x"}}}"""));

    [Fact]
    public void Compile_TooManySubschemas_Throws()
    {
        var properties = string.Join(",", Enumerable.Range(0, 200).Select(i => $$"""
            "p{{i}}":{}
            """));

        Assert.Throws<SchemaLoadException>(() => JsonHelper.Compile("{\"properties\":{" + properties + "}}", options: new SchemaLoadOptions { MaxSubschemas = 100 }));
    }
}
