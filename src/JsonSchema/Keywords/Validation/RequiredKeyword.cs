using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>required</c>: the named properties must be present.</summary>
internal sealed class RequiredKeyword : KeywordEvaluator
{
    private readonly string[] _names;

    public RequiredKeyword(string schemaLocation, string[] names)
        : base("required", schemaLocation)
    {
        _names = names;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        foreach (var name in _names)
        {
            if (!instance.TryGetProperty(name, out _))
            {
                context.AddError(this, $"must have required property '{name}'");
                valid = false;
                if (!context.ContinueAfterFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}
