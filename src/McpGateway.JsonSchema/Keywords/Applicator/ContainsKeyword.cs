using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>contains</c> with <c>minContains</c>/<c>maxContains</c>: count of matching items within bounds.</summary>
internal sealed class ContainsKeyword : KeywordEvaluator
{
    private readonly SchemaNode schema;
    private readonly long minContains;
    private readonly long? maxContains;
    private readonly string minLocation;
    private readonly string? maxLocation;

    public ContainsKeyword(string schemaLocation, SchemaNode schema, long minContains, string? minLocation, long? maxContains, string? maxLocation)
        : base("contains", schemaLocation)
    {
        this.schema = schema;
        this.minContains = minContains;
        this.maxContains = maxContains;
        this.minLocation = minLocation ?? schemaLocation;
        this.maxLocation = maxLocation;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        long count = 0;
        var index = 0;
        context.Suppress();
        foreach (var item in instance.EnumerateArray())
        {
            if (PropertyEvaluation.Apply(schema, context, index, item))
            {
                count++;
                annotations?.AddItem(index);
                if (annotations is null && maxContains is null && count >= minContains)
                {
                    break;
                }
            }

            if (context.Aborted)
            {
                break;
            }

            index++;
        }

        context.Unsuppress();
        if (context.Aborted)
        {
            return false;
        }

        if (count < minContains)
        {
            var keyword = ReferenceEquals(minLocation, SchemaLocation) ? "contains" : "minContains";
            context.AddError(
                keyword,
                minLocation,
                minContains == 1 ? "must contain at least one item matching the contains schema" : $"must contain at least {minContains} items matching the contains schema but has {count}");
            return false;
        }

        if (count > maxContains)
        {
            context.AddError("maxContains", maxLocation!, $"must contain at most {maxContains} items matching the contains schema but has {count}");
            return false;
        }

        return true;
    }
}
