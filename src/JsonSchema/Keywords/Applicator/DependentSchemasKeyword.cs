using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary>
/// <c>dependentSchemas</c> (and the schema form of draft-07 <c>dependencies</c>): when the named property is
/// present, the whole instance must match the subschema.
/// </summary>
internal sealed class DependentSchemasKeyword : KeywordEvaluator
{
    private readonly (string Property, SchemaNode Schema)[] _dependencies;

    public DependentSchemasKeyword(string keyword, string schemaLocation, (string Property, SchemaNode Schema)[] dependencies)
        : base(keyword, schemaLocation)
    {
        _dependencies = dependencies;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        foreach (var (property, schema) in _dependencies)
        {
            if (!instance.TryGetProperty(property, out _))
            {
                continue;
            }

            if (schema.IsFalse)
            {
                context.AddError(this, $"property '{property}' is not allowed");
                valid = false;
            }
            else if (!schema.Evaluate(context, instance, annotations))
            {
                valid = false;
            }

            if (!valid && !context.ContinueAfterFailure)
            {
                return false;
            }
        }

        return valid;
    }
}
