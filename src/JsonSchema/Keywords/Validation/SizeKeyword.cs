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
    private readonly JsonValueKind _appliesTo;
    private readonly bool _isMaximum;
    private readonly long _limit;
    private readonly string _unit;

    public SizeKeyword(string keyword, string schemaLocation, long limit)
        : base(keyword, schemaLocation)
    {
        _limit = limit;
        _isMaximum = keyword.StartsWith("max", StringComparison.Ordinal);
        (_appliesTo, _unit) = keyword switch
        {
            "minLength" or "maxLength" => (JsonValueKind.String, "characters"),
            "minItems" or "maxItems" => (JsonValueKind.Array, "items"),
            _ => (JsonValueKind.Object, "properties"),
        };
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != _appliesTo)
        {
            return true;
        }

        long size = _appliesTo switch
        {
            JsonValueKind.String => JsonText.CodePointLength(instance),
            JsonValueKind.Array => instance.GetArrayLength(),
            _ => instance.GetPropertyCount(),
        };
        if (_isMaximum ? size <= _limit : size >= _limit)
        {
            return true;
        }

        var shape = _appliesTo == JsonValueKind.String ? $"be {(_isMaximum ? "at most" : "at least")} {_limit} {_unit} long" : $"have {(_isMaximum ? "at most" : "at least")} {_limit} {_unit}";
        context.AddError(this, $"must {shape} but has {size}");
        return false;
    }
}
