using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Keywords.Applicator;

namespace McpGateway.JsonSchema.Keywords.Unevaluated;

/// <summary><c>unevaluatedItems</c>: items no successful adjacent or nested in-place subschema evaluated must match the subschema.</summary>
internal sealed class UnevaluatedItemsKeyword : KeywordEvaluator
{
    private readonly SchemaNode _schema;

    public UnevaluatedItemsKeyword(string schemaLocation, SchemaNode schema)
        : base("unevaluatedItems", schemaLocation)
    {
        _schema = schema;
    }

    public override int Phase => 2;

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array || annotations is null)
        {
            return true;
        }

        var valid = true;
        var index = 0;
        foreach (var item in instance.EnumerateArray())
        {
            if (!annotations.IsItemEvaluated(index))
            {
                if (_schema.IsFalse)
                {
                    context.AddError(this, $"item {index} is not allowed (not evaluated by any subschema)");
                    valid = false;
                }
                else if (!PropertyEvaluation.Apply(_schema, context, index, item))
                {
                    valid = false;
                }

                if (!valid && !context.ContinueAfterFailure)
                {
                    return false;
                }
            }

            index++;
        }

        if (valid)
        {
            annotations.MarkAllItems();
        }

        return valid;
    }
}
