using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>oneOf</c>: exactly one subschema must match; stops at the second match.</summary>
internal sealed class OneOfKeyword : KeywordEvaluator
{
    private readonly SchemaNode[] _subschemas;

    public OneOfKeyword(string schemaLocation, SchemaNode[] subschemas)
        : base("oneOf", schemaLocation)
    {
        _subschemas = subschemas;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        var branch = annotations is null ? null : context.RentTracker();
        var first = -1;
        var second = -1;
        context.Suppress();
        for (var i = 0; i < _subschemas.Length && !context.Aborted; i++)
        {
            if (_subschemas[i].Evaluate(context, instance, branch))
            {
                if (first >= 0)
                {
                    second = i;
                    break;
                }

                first = i;
                if (branch is not null)
                {
                    annotations!.MergeFrom(branch);
                }
            }

            branch?.Reset();
        }

        context.Unsuppress();
        if (branch is not null)
        {
            context.ReturnTracker(branch);
        }

        if (context.Aborted)
        {
            return false;
        }

        if (second >= 0)
        {
            context.AddError(this, $"must match exactly one subschema but matches more than one (subschemas {first} and {second})");
            return false;
        }

        if (first < 0)
        {
            context.AddError(this, $"must match exactly one subschema but matches none of the {_subschemas.Length}");
            ApplicatorErrors.CollectBranchErrors(context, instance, _subschemas);
            return false;
        }

        return true;
    }
}
