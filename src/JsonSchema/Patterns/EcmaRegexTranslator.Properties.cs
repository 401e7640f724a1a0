using System.Text;

namespace McpGateway.JsonSchema.Patterns;

internal static partial class EcmaRegexTranslator
{
    private static readonly Dictionary<string, string> CategoryNames = new(StringComparer.Ordinal)
    {
        ["Letter"] = "L", ["Cased_Letter"] = "L", ["Uppercase_Letter"] = "Lu", ["Lowercase_Letter"] = "Ll",
        ["Titlecase_Letter"] = "Lt", ["Modifier_Letter"] = "Lm", ["Other_Letter"] = "Lo",
        ["Mark"] = "M", ["Nonspacing_Mark"] = "Mn", ["Spacing_Mark"] = "Mc", ["Enclosing_Mark"] = "Me",
        ["Number"] = "N", ["Decimal_Number"] = "Nd", ["digit"] = "Nd", ["Letter_Number"] = "Nl", ["Other_Number"] = "No",
        ["Punctuation"] = "P", ["punct"] = "P", ["Connector_Punctuation"] = "Pc", ["Dash_Punctuation"] = "Pd",
        ["Open_Punctuation"] = "Ps", ["Close_Punctuation"] = "Pe", ["Initial_Punctuation"] = "Pi",
        ["Final_Punctuation"] = "Pf", ["Other_Punctuation"] = "Po",
        ["Symbol"] = "S", ["Math_Symbol"] = "Sm", ["Currency_Symbol"] = "Sc", ["Modifier_Symbol"] = "Sk", ["Other_Symbol"] = "So",
        ["Separator"] = "Z", ["Space_Separator"] = "Zs", ["Line_Separator"] = "Zl", ["Paragraph_Separator"] = "Zp",
        ["Other"] = "C", ["Control"] = "Cc", ["cntrl"] = "Cc", ["Format"] = "Cf", ["Surrogate"] = "Cs",
        ["Private_Use"] = "Co", ["Unassigned"] = "Cn",
    };

    private static readonly HashSet<string> ShortCategories = new(StringComparer.Ordinal)
    {
        "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe",
        "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Cs", "Co", "Cn",
    };

    private static int TranslateProperty(string pattern, int i, bool inClass, StringBuilder output)
    {
        var negated = pattern[i] == 'P';
        if (i + 1 >= pattern.Length || pattern[i + 1] != '{')
        {
            throw new FormatException(@"\p must be followed by {Name}.");
        }

        var close = pattern.IndexOf('}', i + 2);
        if (close < 0)
        {
            throw new FormatException(@"Unterminated \p{...}.");
        }

        var name = pattern[(i + 2)..close];
        if (name.StartsWith("General_Category=", StringComparison.Ordinal) || name.StartsWith("gc=", StringComparison.Ordinal))
        {
            name = name[(name.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        if (!ShortCategories.Contains(name) && !CategoryNames.TryGetValue(name, out name!))
        {
            throw new FormatException($"Unsupported Unicode property '{pattern[(i + 2)..close]}'.");
        }

        var escape = (negated ? @"\P{" : @"\p{") + name + "}";
        output.Append(inClass ? escape : escape);
        return close;
    }
}
