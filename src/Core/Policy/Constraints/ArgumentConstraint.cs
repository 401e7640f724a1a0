using System.Text.Json.Nodes;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// The constraint on one argument of a tool: its check applies to the value, or to each item when the value is a list
/// (lists of lists too). A missing argument passes unless <see cref="Required"/>.
/// </summary>
public sealed record ArgumentConstraint(string Argument, IValueCheck Check)
{
    /// <summary>Whether the call must carry the argument (<c>required</c>).</summary>
    /// <value>false: the JSON Schema of the tool says what is required.</value>
    public bool Required { get; init; }

    /// <summary>The most items a list value may have (<c>max_items</c>); null: no limit.</summary>
    public int? MaxItems { get; init; }

    public CheckFailure? Evaluate(JsonObject? arguments)
    {
        if (arguments is null || !arguments.TryGetPropertyValue(Argument, out var value))
        {
            return Required ? new CheckFailure("missing", "the argument is required by the policy") : null;
        }

        return EvaluateValue(value, depth: 0);
    }

    private CheckFailure? EvaluateValue(JsonNode? value, int depth)
    {
        if (value is not JsonArray list)
        {
            return Check.Check(value);
        }

        if (depth == 0 && MaxItems is { } max && list.Count > max)
        {
            return new CheckFailure("too-many-items", $"at most {max} items are allowed, got {list.Count}");
        }

        if (depth >= MaxDepth)
        {
            return new CheckFailure("too-deep", $"lists nested deeper than {MaxDepth} are refused");
        }

        foreach (var item in list)
        {
            if (EvaluateValue(item, depth + 1) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private const int MaxDepth = 8;
}
