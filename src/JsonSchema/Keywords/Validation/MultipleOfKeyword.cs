using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>multipleOf</c>: exact decimal arithmetic, so 0.3 is a multiple of 0.1 and 1e308 of 0.5.</summary>
internal sealed class MultipleOfKeyword : KeywordEvaluator
{
    private readonly JsonNumber _divisor;

    public MultipleOfKeyword(string schemaLocation, JsonNumber divisor)
        : base("multipleOf", schemaLocation)
    {
        _divisor = divisor;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Number || JsonNumber.FromElement(instance).IsMultipleOf(_divisor))
        {
            return true;
        }

        context.AddError(this, $"must be a multiple of {_divisor}");
        return false;
    }
}
