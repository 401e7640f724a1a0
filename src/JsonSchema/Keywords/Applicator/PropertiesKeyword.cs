using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>properties</c>: each named property present in the instance must match its subschema.</summary>
internal sealed class PropertiesKeyword : KeywordEvaluator
{
    private readonly (string Name, SchemaNode Schema)[] _properties;

    public PropertiesKeyword(string schemaLocation, (string Name, SchemaNode Schema)[] properties)
        : base("properties", schemaLocation)
    {
        _properties = properties;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        foreach (var (name, schema) in _properties)
        {
            if (!instance.TryGetProperty(name, out var value))
            {
                continue;
            }

            annotations?.AddProperty(name);
            if (!PropertyEvaluation.Apply(this, schema, context, name, value))
            {
                valid = false;
                if (!context.ContinueAfterFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}
