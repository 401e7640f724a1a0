using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Format;

/// <summary>
/// <c>format</c>: an annotation unless <see cref="ValidationOptions.AssertFormat"/> is set or the meta-schema
/// enables the format-assertion vocabulary. Unknown formats always pass.
/// </summary>
internal sealed class FormatKeyword : KeywordEvaluator
{
    private readonly string format;
    private readonly Func<string, bool> check;
    private readonly bool alwaysAssert;

    public FormatKeyword(string schemaLocation, string format, Func<string, bool> check, bool alwaysAssert)
        : base("format", schemaLocation)
    {
        this.format = format;
        this.check = check;
        this.alwaysAssert = alwaysAssert;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.String || !(alwaysAssert || context.AssertFormat))
        {
            return true;
        }

        if (check(instance.GetString()!))
        {
            return true;
        }

        context.AddError(this, $"must be a valid {format}");
        return false;
    }
}
