using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.JsonSchema;

namespace McpGateway.Core.Validation;

/// <summary>
/// The compiled input and output schemas of catalogue entries. A schema is compiled once per catalogue definition
/// (and once per distinct content, through the <see cref="JsonSchemaCache"/>); remote references never resolve.
/// </summary>
public sealed class ToolSchemas
{
    private readonly JsonSchemaCache _cache = new();
    private readonly ConditionalWeakTable<JsonObject, Compiled> _compiled = new();

    /// <summary>The schema under <paramref name="key"/> of a definition, or null when it declares none.</summary>
    public Compiled? Get(JsonObject definition, string key) =>
        definition[key] is JsonObject schema ? _compiled.GetValue(schema, Compile) : null;

    private Compiled Compile(JsonObject schema)
    {
        try
        {
            return new Compiled(_cache.GetOrCompile(JsonSerializer.SerializeToElement(schema)), null);
        }
        catch (SchemaLoadException exception)
        {
            return new Compiled(null, exception.Message);
        }
    }

    /// <summary>Validates <paramref name="instance"/>; null when it conforms, else its errors (at most <paramref name="limit"/>).</summary>
    public static IReadOnlyList<ValidationError>? Check(CompiledSchema schema, JsonNode? instance, int limit = 20)
    {
        var element = JsonSerializer.SerializeToElement(instance);
        var result = schema.Validate(element, new ValidationOptions { CollectAllErrors = true });
        return result.IsValid ? null : result.Errors.Take(limit).ToArray();
    }

    /// <summary>The errors as JSON-RPC error data.</summary>
    public static JsonObject ErrorData(IReadOnlyList<ValidationError> errors) => new()
    {
        ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject
        {
            ["instancePath"] = e.InstanceLocation,
            ["schemaPath"] = e.SchemaLocation,
            ["keyword"] = e.Keyword,
            ["message"] = e.Message,
        })]),
    };

    /// <summary>A compiled schema, or why the backend's schema could not be compiled.</summary>
    public sealed record Compiled(CompiledSchema? Schema, string? LoadError);
}
