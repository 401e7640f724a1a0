using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>const</c>: the instance must equal the value (JSON equality).</summary>
internal sealed class ConstKeyword : KeywordEvaluator
{
    private readonly JsonElement value;

    public ConstKeyword(string schemaLocation, JsonElement value)
        : base("const", schemaLocation)
    {
        this.value = value;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (JsonEquality.AreEqual(instance, value))
        {
            return true;
        }

        context.AddError(this, $"must be equal to {JsonText.Preview(value)}");
        return false;
    }
}
