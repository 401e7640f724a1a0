using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>uniqueItems: true</c>: no two items are equal. Hash-bucketed, so linear rather than quadratic.</summary>
internal sealed class UniqueItemsKeyword : KeywordEvaluator
{
    public UniqueItemsKeyword(string schemaLocation)
        : base("uniqueItems", schemaLocation)
    {
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array || instance.GetArrayLength() < 2)
        {
            return true;
        }

        var seen = new Dictionary<int, List<(int Index, JsonElement Item)>>();
        var index = 0;
        foreach (var item in instance.EnumerateArray())
        {
            var hash = JsonEquality.GetHashCode(item);
            if (seen.TryGetValue(hash, out var bucket))
            {
                foreach (var (otherIndex, other) in bucket)
                {
                    if (JsonEquality.AreEqual(other, item))
                    {
                        context.AddError(this, $"must not contain duplicate items (items {otherIndex} and {index} are equal)");
                        return false;
                    }
                }

                bucket.Add((index, item));
            }
            else
            {
                seen[hash] = [(index, item)];
            }

            index++;
        }

        return true;
    }
}
