using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary>
/// <c>anyOf</c>: at least one subschema must match. Branches run with errors suppressed (no allocation on
/// success); stops at the first match unless annotations from every matching branch are needed.
/// </summary>
internal sealed class AnyOfKeyword : KeywordEvaluator
{
    private readonly SchemaNode[] _subschemas;

    public AnyOfKeyword(string schemaLocation, SchemaNode[] subschemas)
        : base("anyOf", schemaLocation)
    {
        _subschemas = subschemas;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        var branch = annotations is null ? null : context.RentTracker();
        var matched = false;
        context.Suppress();
        foreach (var subschema in _subschemas)
        {
            if (subschema.Evaluate(context, instance, branch))
            {
                matched = true;
                if (branch is null)
                {
                    break;
                }

                annotations!.MergeFrom(branch);
            }

            branch?.Reset();
            if (context.Aborted)
            {
                break;
            }
        }

        context.Unsuppress();
        if (branch is not null)
        {
            context.ReturnTracker(branch);
        }

        if (matched || context.Aborted)
        {
            return matched && !context.Aborted;
        }

        context.AddError(this, $"must match at least one of the {_subschemas.Length} subschemas");
        ApplicatorErrors.CollectBranchErrors(context, instance, _subschemas);
        return false;
    }
}
