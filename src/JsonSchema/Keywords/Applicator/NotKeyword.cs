using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>not</c>: the subschema must not match (its annotations are discarded).</summary>
internal sealed class NotKeyword : KeywordEvaluator
{
    private readonly SchemaNode _subschema;

    public NotKeyword(string schemaLocation, SchemaNode subschema)
        : base("not", schemaLocation)
    {
        _subschema = subschema;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        context.Suppress();
        var matched = _subschema.Evaluate(context, instance, null);
        context.Unsuppress();
        if (context.Aborted)
        {
            return false;
        }

        if (matched)
        {
            context.AddError(this, "must not match the subschema");
            return false;
        }

        return true;
    }
}
