using System.Text.Json;
using McpGateway.JsonSchema.Keywords.Applicator;

namespace McpGateway.JsonSchema.Compilation;

internal sealed partial class NodeCompiler
{
    /// <summary>Draft-07 keyword set: no 2020-12 additions, array-form <c>items</c> with <c>additionalItems</c>.</summary>
    private void CompileDraft7Keyword(string name, JsonElement value)
    {
        switch (name)
        {
            case "items":
                if (value.ValueKind == JsonValueKind.Array)
                {
                    _output.Add(new PrefixItemsKeyword(name, Location(name), value.GetArrayLength() == 0 ? [] : SchemaArray(name, value)));
                }
                else
                {
                    _output.Add(new ItemsKeyword(name, Location(name), Subschema(name), 0));
                }

                return;
            case "additionalItems":
                if (_element.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    _output.Add(new ItemsKeyword(name, Location(name), Subschema(name), items.GetArrayLength()));
                }

                return;
            case "definitions":
                CompileDefinitions(name);
                return;
            case "contains":
                _output.Add(new ContainsKeyword(Location(name), Subschema(name), 1, null, null, null));
                return;
            case "prefixItems" or "dependentSchemas" or "dependentRequired" or "unevaluatedProperties" or "unevaluatedItems"
                or "$dynamicRef" or "minContains" or "maxContains":
                return; // 2020-12 keywords: unknown (ignored) in draft-07
        }

        if (CompileApplicator(name, value) || CompileValidation(name, value))
        {
            return;
        }

        if (name == "format")
        {
            AddFormat(value);
        }
    }
}
