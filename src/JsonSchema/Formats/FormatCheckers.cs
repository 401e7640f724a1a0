namespace McpGateway.JsonSchema.Formats;

/// <summary>The formats this library can assert, by name. Unknown formats are annotations only.</summary>
internal static class FormatCheckers
{
    private static readonly Dictionary<string, Func<string, bool>> Checkers = new(StringComparer.Ordinal)
    {
        ["date-time"] = DateTimeFormats.IsDateTime,
        ["date"] = DateTimeFormats.IsDate,
        ["time"] = DateTimeFormats.IsTime,
        ["duration"] = DurationFormat.IsDuration,
        ["email"] = EmailFormat.IsEmail,
        ["idn-email"] = EmailFormat.IsIdnEmail,
        ["hostname"] = HostnameFormat.IsHostname,
        ["idn-hostname"] = HostnameFormat.IsIdnHostname,
        ["ipv4"] = IpAddressFormats.IsIPv4,
        ["ipv6"] = IpAddressFormats.IsIPv6,
        ["uri"] = UriFormats.IsUri,
        ["uri-reference"] = UriFormats.IsUriReference,
        ["iri"] = UriFormats.IsIri,
        ["iri-reference"] = UriFormats.IsIriReference,
        ["uri-template"] = UriFormats.IsUriTemplate,
        ["uuid"] = SimpleFormats.IsUuid,
        ["json-pointer"] = SimpleFormats.IsJsonPointer,
        ["relative-json-pointer"] = SimpleFormats.IsRelativeJsonPointer,
        ["regex"] = Patterns.PatternFactory.IsValid,
    };

    public static IEnumerable<string> Names => Checkers.Keys;

    public static bool TryGet(string format, out Func<string, bool> check) => Checkers.TryGetValue(format, out check!);
}
