using System.Text.RegularExpressions;

namespace McpGateway.JsonSchema.Formats;

/// <summary>
/// RFC 3986 <c>uri</c>/<c>uri-reference</c> and RFC 3987 <c>iri</c>/<c>iri-reference</c>, matched against the
/// RFC grammar (not System.Uri, which is both laxer and stricter in places); bracketed hosts must be IPv6 or IPvFuture.
/// </summary>
internal static partial class UriFormats
{
    private const string Unreserved = @"A-Za-z0-9\-._~";
    private const string SubDelims = @"!$&'()*+,;=";
    private const string Ucs = @"\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF";
    private const string Pct = "%[0-9A-Fa-f]{2}";

    private static readonly Regex Uri = Build(iri: false, relative: false);
    private static readonly Regex UriReference = Build(iri: false, relative: true);
    private static readonly Regex Iri = Build(iri: true, relative: false);
    private static readonly Regex IriReference = Build(iri: true, relative: true);

    public static bool IsUri(string value) => Check(Uri, value);

    public static bool IsUriReference(string value) => Check(UriReference, value);

    public static bool IsIri(string value) => Check(Iri, value);

    public static bool IsIriReference(string value) => Check(IriReference, value);

    private static bool Check(Regex regex, string value)
    {
        var match = regex.Match(value);
        if (!match.Success)
        {
            return false;
        }

        var literal = match.Groups["ip"];
        return !literal.Success || literal.Value.StartsWith('v') || literal.Value.StartsWith('V') || IpAddressFormats.IsIPv6(literal.Value);
    }

    private static Regex Build(bool iri, bool relative)
    {
        var unreserved = iri ? Unreserved + Ucs : Unreserved;
        var surrogates = iri ? @"|[\uD800-\uDBFF][\uDC00-\uDFFF]" : string.Empty;
        var pchar = $"(?:[{unreserved}{SubDelims}:@]|{Pct}{surrogates})";
        var segmentNzNc = $"(?:[{unreserved}{SubDelims}@]|{Pct}{surrogates})+";
        var query = iri ? $@"(?:{pchar}|[/?\uE000-\uF8FF])*" : $"(?:{pchar}|[/?])*";
        var fragment = $"(?:{pchar}|[/?])*";
        var userinfo = $"(?:[{unreserved}{SubDelims}:]|{Pct}{surrogates})*";
        var ipLiteral = $@"\[(?<ip>[0-9A-Fa-f:.]+|[vV][0-9A-Fa-f]+\.[{Unreserved}{SubDelims}:]+)\]";
        var regName = $"(?:[{unreserved}{SubDelims}]|{Pct}{surrogates})*";
        var authority = $"(?:{userinfo}@)?(?:{ipLiteral}|{regName})(?::[0-9]*)?";
        var pathAbEmpty = $"(?:/{pchar}*)*";
        var pathAbsolute = $"/(?:{pchar}+(?:/{pchar}*)*)?";
        var pathRootless = $"{pchar}+(?:/{pchar}*)*";
        var pathNoScheme = $"{segmentNzNc}(?:/{pchar}*)*";
        var scheme = "[A-Za-z][A-Za-z0-9+\\-.]*";
        var absolute = $"{scheme}:(?://{authority}{pathAbEmpty}|{pathAbsolute}|{pathRootless}|)(?:\\?{query})?(?:#{fragment})?";
        var relativeRef = $"(?://{authority}{pathAbEmpty}|{pathAbsolute}|{pathNoScheme}|)(?:\\?{query})?(?:#{fragment})?";
        var pattern = relative ? $"^(?:{absolute}|{relativeRef})\\z" : $"^{absolute}\\z";
        return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
    }

    /// <summary>RFC 6570 level-4 <c>uri-template</c>: literals plus well-formed <c>{op var:prefix*,...}</c> expressions.</summary>
    public static bool IsUriTemplate(string value) => UriTemplateRegex().IsMatch(value);

    [GeneratedRegex(
        @"^(?:[^\x00-\x20""%<>\\^`{|}\x7F]|%[0-9A-Fa-f]{2}|\{[+#./;?&=,!@|]?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9][0-9]{0,3}|\*)?)*\})*\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex UriTemplateRegex();
}
