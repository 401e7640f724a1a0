using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>contains</c> with <c>minContains</c>/<c>maxContains</c>: count of matching items within bounds.</summary>
internal sealed class ContainsKeyword : KeywordEvaluator
{
    private readonly SchemaNode _schema;
    private readonly long _minContains;
    private readonly long? _maxContains;
    private readonly string _minLocation;
    private readonly string? _maxLocation;

    public ContainsKeyword(string schemaLocation, SchemaNode schema, long minContains, string? minLocation, long? maxContains, string? maxLocation)
        : base("contains", schemaLocation)
    {
        _schema = schema;
        _minContains = minContains;
        _maxContains = maxContains;
        _minLocation = minLocation ?? schemaLocation;
        _maxLocation = maxLocation;
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
            if (PropertyEvaluation.Apply(_schema, context, index, item))
            {
                count++;
                annotations?.AddItem(index);
                if (annotations is null && _maxContains is null && count >= _minContains)
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

        if (count < _minContains)
        {
            var keyword = ReferenceEquals(_minLocation, SchemaLocation) ? "contains" : "minContains";
            context.AddError(
                keyword,
                _minLocation,
                _minContains == 1 ? "must contain at least one item matching the contains schema" : $"must contain at least {_minContains} items matching the contains schema but has {count}");
            return false;
        }

        if (count > _maxContains)
        {
            context.AddError("maxContains", _maxLocation!, $"must contain at most {_maxContains} items matching the contains schema but has {count}");
            return false;
        }

        return true;
    }
}
