using System.Text;
using System.Text.RegularExpressions;

namespace McpGateway.Core.Catalogue;

/// <summary>
/// Matches a concrete URI against an RFC 6570 URI template (the expressions MCP servers use in practice:
/// <c>{var}</c>, <c>{+var}</c>, <c>{/var}</c>, <c>{?a,b}</c>), to route <c>resources/read</c> of templated resources.
/// </summary>
public sealed class UriTemplateMatcher
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);
    private readonly Regex _regex;

    public UriTemplateMatcher(string template)
    {
        Template = template;
        _regex = new Regex(ToPattern(template), RegexOptions.CultureInvariant, MatchTimeout);
    }

    public string Template { get; }

    public bool IsMatch(string uri)
    {
        try
        {
            return _regex.IsMatch(uri);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string ToPattern(string template)
    {
        var pattern = new StringBuilder("^");
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                pattern.Append(Regex.Escape(template[position..]));
                break;
            }

            pattern.Append(Regex.Escape(template[position..open]));
            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                pattern.Append(Regex.Escape(template[open..]));
                break;
            }

            pattern.Append(ExpressionPattern(template[(open + 1)..close]));
            position = close + 1;
        }

        return pattern.Append('$').ToString();
    }

    private static string ExpressionPattern(string expression) => expression.FirstOrDefault() switch
    {
        '+' or '#' => ".*",
        '/' => "(?:/[^/?#]*)*",
        '?' or '&' => "(?:[?&][^#]*)?",
        '.' => "(?:\\.[^/?#.]*)*",
        ';' => "(?:;[^/?#]*)*",
        _ => "[^/?#]*",
    };
}
