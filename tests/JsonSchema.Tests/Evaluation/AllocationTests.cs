using System.Diagnostics;
using Xunit.Abstractions;

namespace McpGateway.JsonSchema.Tests.Evaluation;

/// <summary>The success path stays cheap: no annotation trees, no error objects, a pooled context.</summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    private const string ToolSchema = """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "minLength": 1, "pattern": "^[^\\u0000]+$" },
            "mode": { "enum": ["read", "write", "append"] },
            "limit": { "type": "integer", "minimum": 1, "maximum": 1000 },
            "options": {
              "type": "object",
              "properties": { "recursive": { "type": "boolean" }, "depth": { "type": "integer" } },
              "additionalProperties": false
            },
            "target": { "oneOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] }
          },
          "required": ["path", "mode"]
        }
        """;

    private const string Arguments = """
        {"path":"/tmp/x","mode":"read","limit":10,"options":{"recursive":true,"depth":2},"target":["a","b"]}
        """;

    [Fact]
    public void Validate_TypicalToolArguments_AllocatesLittle()
    {
        var schema = JsonHelper.Compile(ToolSchema);
        var instance = JsonHelper.Parse(Arguments);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(schema.Validate(instance).IsValid);
        }

        const int iterations = 10_000;
        var stopwatch = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++)
        {
            schema.Validate(instance);
        }

        var perValidation = (GC.GetAllocatedBytesForCurrentThread() - before) / iterations;
        stopwatch.Stop();
        output.WriteLine($"{perValidation} bytes and {stopwatch.Elapsed.TotalMicroseconds / iterations:F2} µs per validation");

        // Only property-name strings for additionalProperties and the pattern input remain.
        Assert.True(perValidation < 512, $"{perValidation} bytes per validation");
    }
}
