using System.Text.Json;

namespace McpGateway.JsonSchema.Tests;

/// <summary>Parses test JSON into standalone elements.</summary>
internal static class JsonHelper
{
    public static JsonElement Parse(string json, int maxDepth = 64)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth });
        return document.RootElement.Clone();
    }

    public static CompiledSchema Compile(string schema, SchemaRegistry? registry = null, SchemaLoadOptions? options = null)
        => CompiledSchema.Compile(Parse(schema), registry, options);

    public static ValidationResult Validate(string schema, string instance, ValidationOptions? options = null)
        => Compile(schema).Validate(Parse(instance), options);
}
