using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Patterns;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary><c>patternProperties</c>: each property whose name matches a pattern must match that pattern's subschema.</summary>
internal sealed class PatternPropertiesKeyword : KeywordEvaluator
{
    private readonly (Regex Pattern, SchemaNode Schema)[] _patterns;

    public PatternPropertiesKeyword(string schemaLocation, (Regex Pattern, SchemaNode Schema)[] patterns)
        : base("patternProperties", schemaLocation)
    {
        _patterns = patterns;
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
            foreach (var (pattern, schema) in _patterns)
            {
                if (!PatternMatcher.IsMatch(context, this, pattern, name))
                {
                    if (context.Aborted)
                    {
                        return false;
                    }

                    continue;
                }

                annotations?.AddProperty(name);
                if (!PropertyEvaluation.Apply(this, schema, context, name, property.Value))
                {
                    valid = false;
                    if (!context.ContinueAfterFailure)
                    {
                        return false;
                    }
                }
            }
        }

        return valid;
    }
}
