using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Format;

/// <summary>
/// <c>format</c>: an annotation unless <see cref="ValidationOptions.AssertFormat"/> is set or the meta-schema
/// enables the format-assertion vocabulary. Unknown formats always pass.
/// </summary>
internal sealed class FormatKeyword : KeywordEvaluator
{
    private readonly string _format;
    private readonly Func<string, bool> _check;
    private readonly bool _alwaysAssert;

    public FormatKeyword(string schemaLocation, string format, Func<string, bool> check, bool alwaysAssert)
        : base("format", schemaLocation)
    {
        _format = format;
        _check = check;
        _alwaysAssert = alwaysAssert;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.String || !(_alwaysAssert || context.AssertFormat))
        {
            return true;
        }

        bool valid;
        try
        {
            valid = _check(instance.GetString()!);
        }
        catch (RegexMatchTimeoutException)
        {
            context.Abort(Keyword, $"validation stopped: checking format '{_format}' timed out", SchemaLocation);
            return false;
        }
        catch (ArgumentException)
        {
            // Text a checker cannot even decode (e.g. a lone surrogate) is not a valid instance of the format.
            valid = false;
        }

        if (!valid)
        {
            context.AddError(this, $"must be a valid {_format}");
        }

        return valid;
    }
}
