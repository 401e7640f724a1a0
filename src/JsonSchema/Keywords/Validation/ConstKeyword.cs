using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>const</c>: the instance must equal the value (JSON equality).</summary>
internal sealed class ConstKeyword : KeywordEvaluator
{
    private readonly JsonElement _value;

    public ConstKeyword(string schemaLocation, JsonElement value)
        : base("const", schemaLocation)
    {
        _value = value;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (JsonEquality.AreEqual(instance, _value))
        {
            return true;
        }

        context.AddError(this, $"must be equal to {JsonText.Preview(_value)}");
        return false;
    }
}
