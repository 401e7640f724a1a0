using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary>Applies a subschema to one property or item value at its own instance location.</summary>
internal static class PropertyEvaluation
{
    public static bool Apply(KeywordEvaluator keyword, SchemaNode schema, EvaluationContext context, string name, JsonElement value)
    {
        if (schema.IsFalse)
        {
            context.AddError(keyword, $"property '{name}' is not allowed");
            return false;
        }

        context.PushProperty(name);
        var valid = schema.Evaluate(context, value, null);
        context.PopInstance();
        return valid;
    }

    public static bool Apply(SchemaNode schema, EvaluationContext context, int index, JsonElement value)
    {
        context.PushIndex(index);
        var valid = schema.Evaluate(context, value, null);
        context.PopInstance();
        return valid;
    }
}
