using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary>
/// Items from <c>startIndex</c> on must match one subschema: 2020-12 <c>items</c> (after <c>prefixItems</c>),
/// draft-07 schema-form <c>items</c>, and draft-07 <c>additionalItems</c>.
/// </summary>
internal sealed class ItemsKeyword : KeywordEvaluator
{
    private readonly SchemaNode _schema;
    private readonly int _startIndex;

    public ItemsKeyword(string keyword, string schemaLocation, SchemaNode schema, int startIndex)
        : base(keyword, schemaLocation)
    {
        _schema = schema;
        _startIndex = startIndex;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        if (_schema.IsFalse)
        {
            var length = instance.GetArrayLength();
            if (length > _startIndex)
            {
                context.AddError(this, $"must have at most {_startIndex} items but has {length}");
                return false;
            }

            return true;
        }

        var valid = true;
        var index = 0;
        foreach (var item in instance.EnumerateArray())
        {
            if (index >= _startIndex && !PropertyEvaluation.Apply(_schema, context, index, item))
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
