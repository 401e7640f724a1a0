namespace McpGateway.JsonSchema.Tests;

public sealed class JsonSchemaCacheTests
{
    [Fact]
    public void GetOrCompile_SameContentDifferentFormatting_ReturnsCachedInstance()
    {
        var cache = new JsonSchemaCache();
        var first = cache.GetOrCompile(JsonHelper.Parse("""{"type":"object","required":["a"]}"""));

        var second = cache.GetOrCompile(JsonHelper.Parse("""
            {
              "required": [ "a" ],
              "type": "object"
            }
            """));

        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void GetOrCompile_DifferentContent_CompilesSeparately()
    {
        var cache = new JsonSchemaCache();

        var a = cache.GetOrCompile(JsonHelper.Parse("""{"type":"string"}"""));
        var b = cache.GetOrCompile(JsonHelper.Parse("""{"type":"integer"}"""));

        Assert.NotSame(a, b);
        Assert.NotEqual(a.ContentHash, b.ContentHash);
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public void GetOrCompile_InvalidSchema_ThrowsEveryTimeAndCachesNothing()
    {
        var cache = new JsonSchemaCache();
        var bad = JsonHelper.Parse("""{"type":"strnig"}""");

        Assert.Throws<SchemaLoadException>(() => cache.GetOrCompile(bad));
        Assert.Throws<SchemaLoadException>(() => cache.GetOrCompile(bad));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void GetOrCompile_BeyondCapacity_EvictsOldest()
    {
        var cache = new JsonSchemaCache(capacity: 2);

        for (var i = 0; i < 5; i++)
        {
            cache.GetOrCompile(JsonHelper.Parse($$"""{"minimum":{{i}}}"""));
        }

        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void GetOrCompile_ConcurrentCallers_CompileOnceAndValidateInParallel()
    {
        var cache = new JsonSchemaCache();
        var schema = JsonHelper.Parse("""{"type":"array","items":{"type":"integer","multipleOf":3}}""");
        var valid = JsonHelper.Parse("[3,6,9]");
        var invalid = JsonHelper.Parse("[3,4]");

        Parallel.For(0, 64, _ =>
        {
            var compiled = cache.GetOrCompile(schema);
            Assert.True(compiled.Validate(valid).IsValid);
            Assert.Equal("/1", Assert.Single(compiled.Validate(invalid).Errors).InstanceLocation);
        });

        Assert.Equal(1, cache.Misses);
    }
}
