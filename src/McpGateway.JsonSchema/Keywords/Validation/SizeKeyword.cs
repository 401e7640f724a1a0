using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary>
/// Size limits: <c>minLength</c>/<c>maxLength</c> (code points), <c>minItems</c>/<c>maxItems</c>,
/// <c>minProperties</c>/<c>maxProperties</c>.
/// </summary>
internal sealed class SizeKeyword : KeywordEvaluator
{
    private readonly JsonValueKind appliesTo;
    private readonly bool isMaximum;
    private readonly long limit;
    private readonly string unit;

    public SizeKeyword(string keyword, string schemaLocation, long limit)
        : base(keyword, schemaLocation)
    {
        this.limit = limit;
        isMaximum = keyword.StartsWith("max", StringComparison.Ordinal);
        (appliesTo, unit) = keyword switch
        {
            "minLength" or "maxLength" => (JsonValueKind.String, "characters"),
            "minItems" or "maxItems" => (JsonValueKind.Array, "items"),
            _ => (JsonValueKind.Object, "properties"),
        };
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != appliesTo)
        {
            return true;
        }

        long size = appliesTo switch
        {
            JsonValueKind.String => JsonText.CodePointLength(instance),
            JsonValueKind.Array => instance.GetArrayLength(),
            _ => instance.GetPropertyCount(),
        };
        if (isMaximum ? size <= limit : size >= limit)
        {
            return true;
        }

        var shape = appliesTo == JsonValueKind.String ? $"be {(isMaximum ? "at most" : "at least")} {limit} {unit} long" : $"have {(isMaximum ? "at most" : "at least")} {limit} {unit}";
        context.AddError(this, $"must {shape} but has {size}");
        return false;
    }
}
