using System.Text.RegularExpressions;

namespace McpGateway.JsonSchema.Formats;

/// <summary>ISO 8601 duration as RFC 3339 Appendix A defines it (e.g. <c>P1Y2M3DT4H5M6S</c>, <c>P2W</c>).</summary>
internal static partial class DurationFormat
{
    public static bool IsDuration(string value) => DurationRegex().IsMatch(value);

    [GeneratedRegex(
        @"^P(?:(?:[0-9]+D|[0-9]+M(?:[0-9]+D)?|[0-9]+Y(?:[0-9]+M(?:[0-9]+D)?)?)(?:T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S))?|T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S)|[0-9]+W)\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex DurationRegex();
}
