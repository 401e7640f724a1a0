using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>minimum</c>, <c>exclusiveMinimum</c>, <c>maximum</c>, <c>exclusiveMaximum</c>, compared exactly.</summary>
internal sealed class NumberBoundKeyword : KeywordEvaluator
{
    private readonly NumberBound _bound;
    private readonly JsonNumber _limit;
    private readonly long? _limitInt64;
    private readonly string _message;

    public NumberBoundKeyword(string keyword, string schemaLocation, NumberBound bound, JsonNumber limit)
        : base(keyword, schemaLocation)
    {
        _bound = bound;
        _limit = limit;
        if (limit.IsInteger && limit.DigitCount + limit.Exponent <= 18)
        {
            _limitInt64 = long.Parse(limit.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var op = bound switch
        {
            NumberBound.Minimum => ">=",
            NumberBound.ExclusiveMinimum => ">",
            NumberBound.Maximum => "<=",
            _ => "<",
        };
        _message = $"must be {op} {limit}";
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Number)
        {
            return true;
        }

        var comparison = _limitInt64 is long fast && instance.TryGetInt64(out var value)
            ? value.CompareTo(fast)
            : JsonNumber.FromElement(instance).CompareTo(_limit);
        var ok = _bound switch
        {
            NumberBound.Minimum => comparison >= 0,
            NumberBound.ExclusiveMinimum => comparison > 0,
            NumberBound.Maximum => comparison <= 0,
            _ => comparison < 0,
        };
        if (!ok)
        {
            context.AddError(this, _message);
        }

        return ok;
    }
}
