using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>allOf</c>: every subschema must match; their annotations all count.</summary>
internal sealed class AllOfKeyword : KeywordEvaluator
{
    private readonly SchemaNode[] _subschemas;

    public AllOfKeyword(string schemaLocation, SchemaNode[] subschemas)
        : base("allOf", schemaLocation)
    {
        _subschemas = subschemas;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        var valid = true;
        foreach (var subschema in _subschemas)
        {
            if (!subschema.Evaluate(context, instance, annotations))
            {
                valid = false;
                if (!context.ContinueAfterFailure)
                {
                    break;
                }
            }
        }

        return valid;
    }
}
