using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary>
/// Items from <c>startIndex</c> on must match one subschema: 2020-12 <c>items</c> (after <c>prefixItems</c>),
/// draft-07 schema-form <c>items</c>, and draft-07 <c>additionalItems</c>.
/// </summary>
internal sealed class ItemsKeyword : KeywordEvaluator
{
    private readonly SchemaNode schema;
    private readonly int startIndex;

    public ItemsKeyword(string keyword, string schemaLocation, SchemaNode schema, int startIndex)
        : base(keyword, schemaLocation)
    {
        this.schema = schema;
        this.startIndex = startIndex;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        if (schema.IsFalse)
        {
            var length = instance.GetArrayLength();
            if (length > startIndex)
            {
                context.AddError(this, $"must have at most {startIndex} items but has {length}");
                return false;
            }

            return true;
        }

        var valid = true;
        var index = 0;
        foreach (var item in instance.EnumerateArray())
        {
            if (index >= startIndex && !PropertyEvaluation.Apply(schema, context, index, item))
            {
                valid = false;
                if (!context.ContinueAfterFailure)
                {
                    return false;
                }
            }

            index++;
        }

        annotations?.MarkAllItems();
        return valid;
    }
}
