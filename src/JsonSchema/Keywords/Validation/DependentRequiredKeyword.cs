using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary>
/// <c>dependentRequired</c> (and the array form of draft-07 <c>dependencies</c>): when a property is present,
/// the listed properties must be present too.
/// </summary>
internal sealed class DependentRequiredKeyword : KeywordEvaluator
{
    private readonly (string Property, string[] Required)[] _dependencies;

    public DependentRequiredKeyword(string keyword, string schemaLocation, (string Property, string[] Required)[] dependencies)
        : base(keyword, schemaLocation)
    {
        _dependencies = dependencies;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        foreach (var (property, required) in _dependencies)
        {
            if (!instance.TryGetProperty(property, out _))
            {
                continue;
            }

            foreach (var name in required)
            {
                if (!instance.TryGetProperty(name, out _))
                {
                    context.AddError(this, $"must have property '{name}' when property '{property}' is present");
                    valid = false;
                    if (!context.ContinueAfterFailure)
                    {
                        return false;
                    }
                }
            }
        }

        return valid;
    }
}
