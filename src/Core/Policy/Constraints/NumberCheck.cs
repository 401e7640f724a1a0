using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Policy.Constraints;

/// <summary><c>type: number</c>: a JSON number within <c>min</c>/<c>max</c>, whole when <c>integer: true</c>.</summary>
public sealed record NumberCheck(decimal? Min, decimal? Max, bool Integer) : IValueCheck
{
    public string Type => "number";

    public CheckFailure? Check(JsonNode? value)
    {
        if (value is not JsonValue json || json.GetValueKind() != JsonValueKind.Number)
        {
            return new CheckFailure("not-a-number", $"expected a number, got {Describe.Kind(value)}");
        }

        // Beyond decimal's range a number is out of any configured bound; without bounds only integer-ness matters.
        if (Number(json) is not { } number)
        {
            var d = double.Parse(json.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            return Min is not null && d < 0 || Max is not null && d > 0
                ? new CheckFailure(d < 0 ? "below-min" : "above-max", "the number is out of range")
                : Integer && d != Math.Floor(d) ? new CheckFailure("not-an-integer", "expected a whole number") : null;
        }

        if (Integer && number != decimal.Truncate(number))
        {
            return new CheckFailure("not-an-integer", "expected a whole number");
        }

        if (Min is { } min && number < min)
        {
            return new CheckFailure("below-min", $"must be at least {min.ToString(CultureInfo.InvariantCulture)}");
        }

        return Max is { } max && number > max
            ? new CheckFailure("above-max", $"must be at most {max.ToString(CultureInfo.InvariantCulture)}")
            : null;
    }

    /// <summary>The value of a JSON number (parsed or built in code), or null beyond decimal's range.</summary>
    public static decimal? Number(JsonValue json) =>
        decimal.TryParse(json.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
