using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using McpGateway.Core.Validation;

namespace McpGateway.Bench.Validation;

/// <summary>
/// What the validate step costs per call: the tool's compiled inputSchema (cached, as in the gateway) checked against
/// the call's arguments, including turning the parsed arguments into the validator's input.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private readonly ToolSchemas _schemas = new();
    private ToolSchemas.Compiled _small = null!;
    private ToolSchemas.Compiled _nested = null!;
    private ToolSchemas.Compiled _enum = null!;
    private JsonObject _smallArgs = null!;
    private JsonObject _nestedArgs = null!;
    private JsonObject _enumArgs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small = Compile("""
            {"type":"object","properties":{"message":{"type":"string","maxLength":1000},"count":{"type":"integer","minimum":0}},
             "required":["message"],"additionalProperties":false}
            """);
        _smallArgs = (JsonObject)JsonNode.Parse("""{"message":"hello","count":3}""")!;

        _nested = Compile("""
            {"type":"object","required":["query","filters"],"properties":{
              "query":{"type":"string","minLength":1},
              "limit":{"type":"integer","minimum":1,"maximum":100},
              "filters":{"type":"array","maxItems":20,"items":{"type":"object","required":["field","op","value"],
                "properties":{"field":{"type":"string"},"op":{"enum":["eq","ne","lt","gt","in"]},
                  "value":{"anyOf":[{"type":"string"},{"type":"number"},{"type":"array","items":{"type":"string"}}]}},
                "additionalProperties":false}},
              "sort":{"type":"object","properties":{"by":{"type":"string"},"desc":{"type":"boolean"}}}}}
            """);
        _nestedArgs = (JsonObject)JsonNode.Parse("""
            {"query":"open invoices","limit":50,"filters":[
              {"field":"status","op":"eq","value":"open"},{"field":"amount","op":"gt","value":100},
              {"field":"region","op":"in","value":["eu","us","apac"]},{"field":"owner","op":"ne","value":"bot"}],
             "sort":{"by":"due","desc":true}}
            """)!;

        var values = string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"value-{i:D3}\""));
        _enum = Compile("""{"type":"object","required":["choice"],"properties":{"choice":{"enum":[""" + values + "]}}}");
        _enumArgs = (JsonObject)JsonNode.Parse("""{"choice":"value-499"}""")!;

        if (Check(_small, _smallArgs) || Check(_nested, _nestedArgs) || Check(_enum, _enumArgs))
        {
            throw new InvalidOperationException("The benchmark arguments must be valid.");
        }
    }

    private ToolSchemas.Compiled Compile(string schema) =>
        _schemas.Get(new JsonObject { ["inputSchema"] = JsonNode.Parse(schema) }, "inputSchema")!;

    private static bool Check(ToolSchemas.Compiled compiled, JsonObject arguments) => ToolSchemas.Check(compiled.Schema!, arguments) is not null;

    [Benchmark(Description = "small object (2 properties)")]
    public bool SmallObject() => Check(_small, _smallArgs);

    [Benchmark(Description = "nested object with arrays")]
    public bool NestedObject() => Check(_nested, _nestedArgs);

    [Benchmark(Description = "enum of 500 strings")]
    public bool LargeEnum() => Check(_enum, _enumArgs);
}
