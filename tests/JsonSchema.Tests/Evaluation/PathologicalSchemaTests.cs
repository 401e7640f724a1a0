using System.Diagnostics;
using System.Text;

namespace McpGateway.JsonSchema.Tests.Evaluation;

/// <summary>Hostile schemas end quickly with a clear error: never a hang or a stack overflow.</summary>
public sealed class PathologicalSchemaTests
{
    [Fact]
    public void Validate_RefToRoot_StopsWithReferenceLoopError()
    {
        var result = JsonHelper.Validate("""{"$ref":"#"}""", "1");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$ref", error.Keyword);
        Assert.Contains("reference loop", error.Message);
    }

    [Fact]
    public void Validate_MutualRefLoop_StopsWithReferenceLoopError()
    {
        var result = JsonHelper.Validate(
            """{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"anyOf":[{"$ref":"#/$defs/a"}]}},"$ref":"#/$defs/a"}""",
            "{}");

        Assert.False(result.IsValid);
        Assert.Contains("reference loop", result.Errors[^1].Message);
    }

    [Fact]
    public void Validate_RecursionThatConsumesInput_IsNotALoop()
    {
        var schema = """{"type":"array","items":{"$ref":"#"}}""";

        Assert.True(JsonHelper.Validate(schema, "[[[],[[]]]]").IsValid);
        Assert.False(JsonHelper.Validate(schema, "[[1]]").IsValid);
    }

    [Fact]
    public void Compile_DeeplyNestedSchema_IsRejectedAtLoad()
    {
        var json = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            json.Append("{\"not\":");
        }

        json.Append("true").Append('}', 300);

        var ex = Assert.Throws<SchemaLoadException>(() => CompiledSchema.Compile(JsonHelper.Parse(json.ToString(), maxDepth: 1000)));

        Assert.Contains("(MaxDepth)", ex.Message);
    }

    [Fact]
    public void Validate_ExponentialAnyOf_StopsAtStepBudget()
    {
        // 40 levels of anyOf with two identical failing branches: 2^40 evaluations without a budget.
        var defs = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            defs.Append($$"""
                "d{{i}}": {"anyOf":[{"$ref":"#/$defs/d{{i + 1}}"},{"$ref":"#/$defs/d{{i + 1}}"}]},
                """);
        }

        defs.Append("\"d40\": {\"type\":\"string\"}");
        var schema = JsonHelper.Compile($$"""{"$defs":{ {{defs}} },"$ref":"#/$defs/d0"}""");
        var stopwatch = Stopwatch.StartNew();

        var result = schema.Validate(JsonHelper.Parse("1"), new ValidationOptions { MaxEvaluationSteps = 100_000 });

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
        var error = Assert.Single(result.Errors);
        Assert.Equal("$budget", error.Keyword);
        Assert.Contains("MaxEvaluationSteps", error.Message);
    }

    [Fact]
    public void Validate_HugeAnyOf_IsBoundedAndCorrect()
    {
        var branches = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$"""{"const":{{i}}}"""));
        var schema = JsonHelper.Compile($$"""{"anyOf":[{{branches}}]}""");

        Assert.True(schema.Validate(JsonHelper.Parse("19999")).IsValid);
        Assert.Equal("anyOf", Assert.Single(schema.Validate(JsonHelper.Parse("-1")).Errors).Keyword);
        Assert.Equal("$budget", Assert.Single(schema.Validate(JsonHelper.Parse("-1"), new ValidationOptions { MaxEvaluationSteps = 1000 }).Errors).Keyword);
    }

    [Fact]
    public void Validate_DeepInstanceBeyondEvaluationDepth_StopsWithDepthError()
    {
        var instance = new string('[', 200) + new string(']', 200);

        var result = JsonHelper.Compile("""{"items":{"$ref":"#"}}""")
            .Validate(JsonHelper.Parse(instance, maxDepth: 1000), new ValidationOptions { MaxEvaluationDepth = 50 });

        Assert.Equal("$budget", Assert.Single(result.Errors).Keyword);
        Assert.Contains("MaxEvaluationDepth", result.Errors[0].Message);
    }

    [Fact]
    public void Validate_CatastrophicBacktrackingPattern_TimesOutWithError()
    {
        // The lookahead forces the backtracking engine; (a+)+ on a non-matching input is exponential there.
        var schema = JsonHelper.Compile(
            """{"pattern":"^(?=a)(a+)+$"}""",
            options: new SchemaLoadOptions { RegexMatchTimeout = TimeSpan.FromMilliseconds(50) });

        var result = schema.Validate(JsonHelper.Parse("\"" + new string('a', 40) + "!\""));

        var error = Assert.Single(result.Errors);
        Assert.Equal("pattern", error.Keyword);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public void Validate_LongArrayUniqueItems_IsLinear()
    {
        var items = string.Join(",", Enumerable.Range(0, 50_000));
        var schema = JsonHelper.Compile("""{"uniqueItems":true}""");
        var stopwatch = Stopwatch.StartNew();

        Assert.True(schema.Validate(JsonHelper.Parse($"[{items}]")).IsValid);
        Assert.False(schema.Validate(JsonHelper.Parse($"[{items},1.0]")).IsValid);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
    }
}
