using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// <c>type: enum</c>: the value must be one of <c>values</c>. Strings compare exactly (case and all); numbers by value
/// (<c>1</c> equals <c>1.0</c>); <c>true</c>/<c>false</c> as booleans.
/// </summary>
public sealed record EnumCheck(IReadOnlyList<string> Values) : IValueCheck
{
    public string Type => "enum";

    public CheckFailure? Check(JsonNode? value)
    {
        var allowed = value is JsonValue json && json.GetValueKind() switch
        {
            JsonValueKind.String => Values.Contains(json.GetValue<string>(), StringComparer.Ordinal),
            JsonValueKind.Number => NumberCheck.Number(json) is { } n && Values.Any(v => decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m == n),
            JsonValueKind.True => Values.Contains("true", StringComparer.Ordinal),
            JsonValueKind.False => Values.Contains("false", StringComparer.Ordinal),
            _ => false,
        };
        return allowed ? null : new CheckFailure("not-allowed", $"must be one of {string.Join(", ", Values)}");
    }
}
