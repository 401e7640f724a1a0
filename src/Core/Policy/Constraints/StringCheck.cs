using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// <c>type: string</c>: a JSON string of <c>min_length</c>..<c>max_length</c> characters (Unicode scalar values) that
/// matches <c>pattern</c> (a .NET regular expression run without backtracking, so never slow).
/// </summary>
public sealed record StringCheck(int? MinLength, int? MaxLength, Regex? Pattern) : IValueCheck
{
    public string Type => "string";

    public CheckFailure? Check(JsonNode? value)
    {
        if (value is not JsonValue json || json.GetValueKind() != JsonValueKind.String)
        {
            return new CheckFailure("not-a-string", $"expected a string, got {Describe.Kind(value)}");
        }

        var text = json.GetValue<string>();
        var length = text.EnumerateRunes().Count();
        if (MaxLength is { } max && length > max)
        {
            return new CheckFailure("too-long", $"at most {max} characters are allowed, got {length}");
        }

        if (MinLength is { } min && length < min)
        {
            return new CheckFailure("too-short", $"at least {min} characters are required, got {length}");
        }

        return Pattern is not null && !Pattern.IsMatch(text)
            ? new CheckFailure("pattern", $"does not match the pattern {Pattern}")
            : null;
    }
}
