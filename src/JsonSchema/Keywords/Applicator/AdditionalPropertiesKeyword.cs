using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Patterns;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary>
/// <c>additionalProperties</c>: properties not named in sibling <c>properties</c> nor matched by sibling
/// <c>patternProperties</c> must match the subschema.
/// </summary>
internal sealed class AdditionalPropertiesKeyword : KeywordEvaluator
{
    private readonly HashSet<string> _named;
    private readonly Regex[] _patterns;
    private readonly SchemaNode _schema;

    public AdditionalPropertiesKeyword(string schemaLocation, HashSet<string> named, Regex[] patterns, SchemaNode schema)
        : base("additionalProperties", schemaLocation)
    {
        _named = named;
        _patterns = patterns;
        _schema = schema;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        foreach (var property in instance.EnumerateObject())
        {
            var name = property.Name;
            if (_named.Contains(name) || MatchesAnyPattern(context, name))
            {
                continue;
            }

            if (context.Aborted)
            {
                return false;
            }

            annotations?.AddProperty(name);
            if (!PropertyEvaluation.Apply(this, _schema, context, name, property.Value))
            {
                valid = false;
                if (!context.ContinueAfterFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }

    private bool MatchesAnyPattern(EvaluationContext context, string name)
    {
        foreach (var pattern in _patterns)
        {
            if (PatternMatcher.IsMatch(context, this, pattern, name))
            {
                return true;
            }
        }

        return false;
    }
}
