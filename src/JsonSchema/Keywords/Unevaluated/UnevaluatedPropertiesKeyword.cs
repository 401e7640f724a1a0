using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Keywords.Applicator;

namespace McpGateway.JsonSchema.Keywords.Unevaluated;

/// <summary>
/// <c>unevaluatedProperties</c>: properties no successful adjacent or nested in-place subschema evaluated must match
/// the subschema. Runs last in its schema, reading the annotations its siblings recorded.
/// </summary>
internal sealed class UnevaluatedPropertiesKeyword : KeywordEvaluator
{
    private readonly SchemaNode _schema;

    public UnevaluatedPropertiesKeyword(string schemaLocation, SchemaNode schema)
        : base("unevaluatedProperties", schemaLocation)
    {
        _schema = schema;
    }

    public override int Phase => 2;

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object || annotations is null)
        {
            return true;
        }

        var valid = true;
        foreach (var property in instance.EnumerateObject())
        {
            var name = property.Name;
            if (annotations.IsPropertyEvaluated(name))
            {
                continue;
            }

            if (!PropertyEvaluation.Apply(this, _schema, context, name, property.Value))
            {
                valid = false;
                if (!context.ContinueAfterFailure)
                {
                    return false;
                }
            }
        }

        if (valid)
        {
            annotations.MarkAllProperties();
        }

        return valid;
    }
}
