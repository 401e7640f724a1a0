using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Json.Schema;
using McpGateway.Core.Validation;
using CompiledSchema = McpGateway.JsonSchema.CompiledSchema;
using LibrarySchema = Json.Schema.JsonSchema;

namespace McpGateway.Bench.Validation;

/// <summary>
/// What the validate step costs per call: the tool's compiled inputSchema (cached, as in the gateway) checked against
/// the call's arguments, including turning the parsed arguments into the validator's input. Each schema is measured
/// with our validator (<see cref="Ours"/>, exactly the pipeline's <see cref="ToolSchemas.Check"/>) and with
/// JsonSchema.Net 8.0.5 given the same input: its fastest output (<see cref="JsonSchemaNetFlag"/>, validity only) and
/// the list output (<see cref="JsonSchemaNetList"/>, the errors the pipeline reports on failure).
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions List = new() { OutputFormat = OutputFormat.List };

    private readonly ToolSchemas _schemas = new();
    private CompiledSchema _ours = null!;
    private LibrarySchema _library = null!;
    private JsonObject _arguments = null!;

    [ParamsSource(nameof(Names))]
    public string Schema { get; set; } = "";

    public static IEnumerable<string> Names => Cases.Keys;

    /// <summary>Each schema and valid arguments for it.</summary>
    private static Dictionary<string, (string Schema, string Arguments)> Cases { get; } = BuildCases();

    [GlobalSetup]
    public void Setup()
    {
        var (schema, arguments) = Cases[Schema];
        var compiled = _schemas.Get(new JsonObject { ["inputSchema"] = JsonNode.Parse(schema) }, "inputSchema")!;
        _ours = compiled.Schema ?? throw new InvalidOperationException(compiled.LoadError);
        _library = LibrarySchema.Build(JsonSerializer.SerializeToElement(JsonNode.Parse(schema)));
        _arguments = (JsonObject)JsonNode.Parse(arguments)!;

        if (!Ours() || !JsonSchemaNetFlag() || !JsonSchemaNetList())
        {
            throw new InvalidOperationException($"The benchmark arguments of '{Schema}' must be valid for both validators.");
        }

        // Both must also reject the same arguments with an extra wrong-typed or missing value (a sanity check, not measured).
        var invalid = (JsonObject)_arguments.DeepClone();
        invalid["__bench_invalid"] = 1;
        invalid.Remove(invalid.First().Key);
        var ours = ToolSchemas.Check(_ours, invalid) is null;
        var library = _library.Evaluate(JsonSerializer.SerializeToElement(invalid), Flag).IsValid;
        if (ours != library)
        {
            throw new InvalidOperationException($"The validators disagree on altered arguments of '{Schema}': ours {ours}, JsonSchema.Net {library}.");
        }
    }

    [Benchmark(Baseline = true, Description = "ours")]
    public bool Ours() => ToolSchemas.Check(_ours, _arguments) is null;

    [Benchmark(Description = "JsonSchema.Net flag")]
    public bool JsonSchemaNetFlag() => _library.Evaluate(JsonSerializer.SerializeToElement(_arguments), Flag).IsValid;

    [Benchmark(Description = "JsonSchema.Net list")]
    public bool JsonSchemaNetList() => _library.Evaluate(JsonSerializer.SerializeToElement(_arguments), List).IsValid;

    private static Dictionary<string, (string, string)> BuildCases()
    {
        var values = string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"value-{i:D3}\""));
        var cases = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["small object"] = ("""
                {"type":"object","properties":{"message":{"type":"string","maxLength":1000},"count":{"type":"integer","minimum":0}},
                 "required":["message"],"additionalProperties":false}
                """, """{"message":"hello","count":3}"""),
            ["nested object"] = ("""
                {"type":"object","required":["query","filters"],"properties":{
                  "query":{"type":"string","minLength":1},
                  "limit":{"type":"integer","minimum":1,"maximum":100},
                  "filters":{"type":"array","maxItems":20,"items":{"type":"object","required":["field","op","value"],
                    "properties":{"field":{"type":"string"},"op":{"enum":["eq","ne","lt","gt","in"]},
                      "value":{"anyOf":[{"type":"string"},{"type":"number"},{"type":"array","items":{"type":"string"}}]}},
                    "additionalProperties":false}},
                  "sort":{"type":"object","properties":{"by":{"type":"string"},"desc":{"type":"boolean"}}}}}
                """, """
                {"query":"open invoices","limit":50,"filters":[
                  {"field":"status","op":"eq","value":"open"},{"field":"amount","op":"gt","value":100},
                  {"field":"region","op":"in","value":["eu","us","apac"]},{"field":"owner","op":"ne","value":"bot"}],
                 "sort":{"by":"due","desc":true}}
                """),
            ["enum of 500"] = ("""{"type":"object","required":["choice"],"properties":{"choice":{"enum":[""" + values + "]}}}",
                """{"choice":"value-499"}"""),
        };

        using var stream = typeof(ValidationBenchmarks).Assembly.GetManifestResourceStream("server-everything-tools.json")
            ?? throw new InvalidOperationException("server-everything-tools.json is not embedded.");
        var tools = JsonNode.Parse(stream)!.AsArray().ToDictionary(t => (string)t!["name"]!, t => t!["inputSchema"]!.ToJsonString());
        cases["everything echo"] = (tools["echo"], """{"message":"hello"}""");
        cases["everything gzip-file-as-resource"] = (tools["gzip-file-as-resource"],
            """{"name":"readme.gz","data":"https://example.com/README.md","outputType":"resource"}""");
        return cases;
    }
}
