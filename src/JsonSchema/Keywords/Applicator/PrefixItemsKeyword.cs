using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>prefixItems</c> (and draft-07 array-form <c>items</c>): item i must match subschema i.</summary>
internal sealed class PrefixItemsKeyword : KeywordEvaluator
{
    private readonly SchemaNode[] _prefix;

    public PrefixItemsKeyword(string keyword, string schemaLocation, SchemaNode[] prefix)
        : base(keyword, schemaLocation)
    {
        _prefix = prefix;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var valid = true;
        var index = 0;
        foreach (var item in instance.EnumerateArray())
        {
            if (index >= _prefix.Length)
            {
                break;
            }

            if (!PropertyEvaluation.Apply(_prefix[index], context, index, item))
            {
                valid = false;
                if (!context.ContinueAfterFailure)
                {
                    return false;
                }
            }

            index++;
        }

        annotations?.AddItemPrefix(index);
        return valid;
    }
}
