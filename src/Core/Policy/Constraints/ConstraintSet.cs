using System.Text.Json.Nodes;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// The <c>constraints:</c> of <c>policy.yaml</c>: every entry whose pattern matches the tool's exposed name applies, in
/// file order; the first failed argument refuses the call. Pure and deterministic, apart from reading symbolic links
/// for paths.
/// </summary>
public sealed class ConstraintSet(IReadOnlyList<ToolConstraints> entries)
{
    public static ConstraintSet Empty { get; } = new([]);

    public IReadOnlyList<ToolConstraints> Entries { get; } = entries;

    /// <summary>Null when every constraint on <paramref name="tool"/> passes.</summary>
    public ConstraintViolation? Check(string tool, JsonObject? arguments)
    {
        foreach (var entry in Entries)
        {
            if (!entry.Tools.IsMatch(tool))
            {
                continue;
            }

            foreach (var argument in entry.Arguments)
            {
                if (argument.Evaluate(arguments) is { } failure)
                {
                    return new ConstraintViolation(
                        $"constraints[{entry.Tools}].{argument.Argument}:{failure.Reason}",
                        $"argument '{argument.Argument}' refused by its {argument.Check.Type} constraint: {failure.Detail}");
                }
            }
        }

        return null;
    }
}
