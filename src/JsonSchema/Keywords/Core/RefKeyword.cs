using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Core;

/// <summary><c>$ref</c>: applies the statically resolved target to the same instance.</summary>
internal sealed class RefKeyword : KeywordEvaluator
{
    private readonly SchemaNode _target;

    public RefKeyword(string schemaLocation, SchemaNode target)
        : base("$ref", schemaLocation)
    {
        _target = target;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
        => EvaluateTarget(this, _target, context, instance, annotations);

    /// <summary>Evaluates a reference target, refusing to re-enter it at the same instance location.</summary>
    internal static bool EvaluateTarget(KeywordEvaluator keyword, SchemaNode target, EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (!context.EnterReference(target))
        {
            context.Abort(
                keyword.Keyword,
                $"validation stopped: reference loop, '{target.Location}' is re-entered without consuming any input",
                keyword.SchemaLocation);
            return false;
        }

        var valid = target.Evaluate(context, instance, annotations);
        context.ExitReference();
        return valid;
    }
}
