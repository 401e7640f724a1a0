using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>propertyNames</c>: every property name, as a JSON string, must match the subschema.</summary>
internal sealed class PropertyNamesKeyword : KeywordEvaluator
{
    private readonly SchemaNode _schema;

    public PropertyNamesKeyword(string schemaLocation, SchemaNode schema)
        : base("propertyNames", schemaLocation)
    {
        _schema = schema;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object || _schema.IsTrue)
        {
            return true;
        }

        var valid = true;
        foreach (var property in instance.EnumerateObject())
        {
            var name = property.Name;
            var nameElement = JsonText.ToStringElement(name);
            context.Suppress();
            var matched = _schema.Evaluate(context, nameElement, null);
            context.Unsuppress();
            if (context.Aborted)
            {
                return false;
            }

            if (!matched)
            {
                valid = false;
                context.AddError(this, $"property name '{name}' does not match the propertyNames schema");
                if (!context.ContinueAfterFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}
