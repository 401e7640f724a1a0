namespace McpGateway.JsonSchema.Tests;

public sealed class ValidationErrorTests
{
    private const string PersonSchema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "minLength": 1 },
            "age": { "type": "integer", "minimum": 0 },
            "tags": { "type": "array", "items": { "type": "string" } }
          },
          "required": ["name"],
          "additionalProperties": false
        }
        """;

    [Fact]
    public void Validate_MinimumViolated_ReportsPointerKeywordAndMessage()
    {
        var result = JsonHelper.Validate(PersonSchema, """{"name":"Ann","age":-1}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("/age", error.InstanceLocation);
        Assert.Equal("#/properties/age/minimum", error.SchemaLocation);
        Assert.Equal("minimum", error.Keyword);
        Assert.Equal("/age: must be >= 0 (minimum)", error.ToString());
    }

    [Fact]
    public void Validate_DefaultOptions_StopsAtFirstError()
    {
        var result = JsonHelper.Validate(PersonSchema, """{"age":"x","extra":1}""");

        Assert.False(result.IsValid);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Validate_CollectAllErrors_ReportsEveryFailure()
    {
        var result = JsonHelper.Validate(
            PersonSchema,
            """{"age":"x","tags":["a",2],"extra":1}""",
            new ValidationOptions { CollectAllErrors = true });

        var rendered = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("/age: must be integer but is string (type)", rendered);
        Assert.Contains("/tags/1: must be string but is integer (type)", rendered);
        Assert.Contains("(root): must have required property 'name' (required)", rendered);
        Assert.Contains("(root): property 'extra' is not allowed (additionalProperties)", rendered);
    }

    [Fact]
    public void Validate_PropertyNameWithSlash_EscapesInstancePointer()
    {
        var result = JsonHelper.Validate("""{"properties":{"a/b~c":{"type":"string"}}}""", """{"a/b~c":1}""");

        Assert.Equal("/a~1b~0c", Assert.Single(result.Errors).InstanceLocation);
        Assert.Equal("#/properties/a~1b~0c/type", result.Errors[0].SchemaLocation);
    }

    [Fact]
    public void Validate_AnyOfFails_ReportsAnyOfAndBranchDetailsWhenCollectingAll()
    {
        var schema = """{"anyOf":[{"type":"string"},{"type":"integer","minimum":10}]}""";

        var first = JsonHelper.Validate(schema, "5");
        var all = JsonHelper.Validate(schema, "5", new ValidationOptions { CollectAllErrors = true });

        Assert.Equal("(root): must match at least one of the 2 subschemas (anyOf)", Assert.Single(first.Errors).ToString());
        Assert.Equal(3, all.Errors.Count);
        Assert.Contains(all.Errors, e => e.SchemaLocation == "#/anyOf/1/minimum");
    }

    [Fact]
    public void Validate_OneOfMatchesTwo_SaysWhich()
    {
        var result = JsonHelper.Validate("""{"oneOf":[{"type":"integer"},{"minimum":0}]}""", "3");

        Assert.Contains("subschemas 0 and 1", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Validate_ErrorInReferencedDefinition_PointsAtDefinition()
    {
        var result = JsonHelper.Validate(
            """{"properties":{"p":{"$ref":"#/$defs/positive"}},"$defs":{"positive":{"exclusiveMinimum":0}}}""",
            """{"p":0}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("/p", error.InstanceLocation);
        Assert.Equal("#/$defs/positive/exclusiveMinimum", error.SchemaLocation);
        Assert.Equal("must be > 0", error.Message);
    }

    [Fact]
    public void Validate_ValidInstance_HasNoErrors()
    {
        var result = JsonHelper.Validate(PersonSchema, """{"name":"Ann","age":3,"tags":["x"]}""");

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal("valid", result.ToString());
    }
}
