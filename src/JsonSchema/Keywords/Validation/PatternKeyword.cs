using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Patterns;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>pattern</c>: strings must match the ECMA-262 regular expression (unanchored).</summary>
internal sealed class PatternKeyword : KeywordEvaluator
{
    private readonly Regex _regex;
    private readonly string _pattern;

    public PatternKeyword(string schemaLocation, Regex regex, string pattern)
        : base("pattern", schemaLocation)
    {
        _regex = regex;
        _pattern = pattern;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        if (PatternMatcher.IsMatch(context, this, _regex, instance.GetString()!))
        {
            return true;
        }

        context.AddError(this, $"must match the pattern '{_pattern}'");
        return false;
    }
}
