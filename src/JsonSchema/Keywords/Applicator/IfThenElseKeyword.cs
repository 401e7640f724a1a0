using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>if</c> with its <c>then</c>/<c>else</c>: the outcome of <c>if</c> selects which one applies.</summary>
internal sealed class IfThenElseKeyword : KeywordEvaluator
{
    private readonly SchemaNode _condition;
    private readonly SchemaNode? _then;
    private readonly SchemaNode? _otherwise;

    public IfThenElseKeyword(string schemaLocation, SchemaNode condition, SchemaNode? then, SchemaNode? otherwise)
        : base("if", schemaLocation)
    {
        _condition = condition;
        _then = then;
        _otherwise = otherwise;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (_then is null && _otherwise is null && annotations is null)
        {
            return true;
        }

        var branch = annotations is null ? null : context.RentTracker();
        context.Suppress();
        var matched = _condition.Evaluate(context, instance, branch);
        context.Unsuppress();
        if (branch is not null)
        {
            if (matched)
            {
                annotations!.MergeFrom(branch);
            }

            context.ReturnTracker(branch);
        }

        if (context.Aborted)
        {
            return false;
        }

        var selected = matched ? _then : _otherwise;
        return selected is null || selected.Evaluate(context, instance, annotations);
    }
}
