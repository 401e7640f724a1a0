using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>type</c>: the instance's type must be one of the listed ones ("integer" accepts 1.0).</summary>
internal sealed class TypeKeyword : KeywordEvaluator
{
    private readonly JsonTypes _allowed;
    private readonly string _description;

    public TypeKeyword(string schemaLocation, JsonTypes allowed, string description)
        : base("type", schemaLocation)
    {
        _allowed = allowed;
        _description = description;
    }

    public override int Phase => 0;

    public static bool TryParse(string name, out JsonTypes type)
    {
        type = name switch
        {
            "null" => JsonTypes.Null,
            "boolean" => JsonTypes.Boolean,
            "object" => JsonTypes.Object,
            "array" => JsonTypes.Array,
            "number" => JsonTypes.Number,
            "string" => JsonTypes.String,
            "integer" => JsonTypes.Integer,
            _ => JsonTypes.None,
        };
        return type != JsonTypes.None;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (Matches(instance))
        {
            return true;
        }

        context.AddError(this, $"must be {_description} but is {Describe(instance)}");
        return false;
    }

    private bool Matches(JsonElement instance)
    {
        switch (instance.ValueKind)
        {
            case JsonValueKind.Null: return (_allowed & JsonTypes.Null) != 0;
            case JsonValueKind.True or JsonValueKind.False: return (_allowed & JsonTypes.Boolean) != 0;
            case JsonValueKind.Object: return (_allowed & JsonTypes.Object) != 0;
            case JsonValueKind.Array: return (_allowed & JsonTypes.Array) != 0;
            case JsonValueKind.String: return (_allowed & JsonTypes.String) != 0;
            case JsonValueKind.Number:
                if ((_allowed & JsonTypes.Number) != 0)
                {
                    return true;
                }

                return (_allowed & JsonTypes.Integer) != 0 && (instance.TryGetInt64(out _) || JsonNumber.FromElement(instance).IsInteger);
            default: return false;
        }
    }

    internal static string Describe(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => instance.TryGetInt64(out _) || JsonNumber.FromElement(instance).IsInteger ? "integer" : "number",
        _ => "undefined",
    };
}
