using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Core;

/// <summary>
/// <c>$dynamicRef</c>: when the statically resolved target carries a matching <c>$dynamicAnchor</c> (the
/// "bookend"), the target becomes the outermost resource in the dynamic scope that defines that anchor;
/// otherwise it behaves like <c>$ref</c>.
/// </summary>
internal sealed class DynamicRefKeyword : KeywordEvaluator
{
    private readonly SchemaNode _initialTarget;
    private readonly string? _dynamicAnchor;

    public DynamicRefKeyword(string schemaLocation, SchemaNode initialTarget, string? dynamicAnchor)
        : base("$dynamicRef", schemaLocation)
    {
        _initialTarget = initialTarget;
        _dynamicAnchor = dynamicAnchor;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        var target = _dynamicAnchor is null ? _initialTarget : context.FindDynamicAnchor(_dynamicAnchor) ?? _initialTarget;
        return RefKeyword.EvaluateTarget(this, target, context, instance, annotations);
    }
}
