using System.Text.Json;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Evaluation;

/// <summary>
/// A compiled (sub)schema: a boolean or an ordered array of keyword evaluators. Created empty and filled in
/// by the compiler so that reference cycles can point at nodes still being compiled.
/// </summary>
internal sealed class SchemaNode
{
    private KeywordEvaluator[] _keywords = [];
    private bool? _booleanValue;

    public SchemaNode(SchemaResource resource, string location)
    {
        Resource = resource;
        Location = location;
    }

    public SchemaResource Resource { get; }

    /// <summary>URI-fragment JSON Pointer of this subschema.</summary>
    public string Location { get; }

    /// <summary>True when the node has <c>unevaluatedProperties</c>/<c>unevaluatedItems</c> and so collects annotations.</summary>
    public bool TracksAnnotations { get; private set; }

    public bool IsTrue => _booleanValue == true;

    public bool IsFalse => _booleanValue == false;

    public void SetBoolean(bool value) => _booleanValue = value;

    public void SetKeywords(KeywordEvaluator[] compiled, bool tracksAnnotations)
    {
        _keywords = compiled;
        TracksAnnotations = tracksAnnotations;
    }

    public bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (_booleanValue is bool value)
        {
            if (!value)
            {
                context.AddError("false", Location, "no value is allowed here");
            }

            return value;
        }

        if (!context.EnterNode())
        {
            return false;
        }

        var pushedScope = context.PushScope(Resource);
        var local = annotations;
        if (TracksAnnotations && instance.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            local = context.RentTracker();
        }

        var valid = true;
        foreach (var keyword in _keywords)
        {
            if (!keyword.Evaluate(context, instance, local))
            {
                valid = false;
                if (!context.ContinueAfterFailure)
                {
                    break;
                }
            }
        }

        if (local is not null && !ReferenceEquals(local, annotations))
        {
            if (valid)
            {
                annotations?.MergeFrom(local);
            }

            context.ReturnTracker(local);
        }

        if (pushedScope)
        {
            context.PopScope();
        }

        context.ExitNode();
        return valid && !context.Aborted;
    }
}
